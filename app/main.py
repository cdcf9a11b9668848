"""The FastAPI application: `app.main:app`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from app.api.access import AccessControlMiddleware
from app.api.errors import install_error_handlers
from app.api.housekeeping import forget_expired_conversations
from app.api.metrics import Metrics, worker_exited
from app.api.metrics import router as metrics_router
from app.api.middleware import RequestContextMiddleware, SecurityHeadersMiddleware, UnexpectedErrorMiddleware
from app.api.rate_limit import create_rate_limiter
from app.api.request_guards import BodyGuardMiddleware, HeadMiddleware, HostGuardMiddleware
from app.api.routes import ask, chat, feedback, health, openai_compat
from app.core.config import Settings, get_settings
from app.core.logging import configure_logging
from app.service import Service
from app.web import api_docs, pages


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the model and index load once, in the lifespan, before requests are served."""
    settings = settings or get_settings()
    metrics = Metrics()
    limiter = create_rate_limiter(settings.rate_limit, settings.redis_url, settings.rate_limit_max_clients,
                                  on_error=metrics.rate_limit_store_errors.inc)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.service = service = Service.load(settings)
        service.query_log.count_losses_with(metrics.query_log_dropped.inc)
        sweeper = asyncio.create_task(forget_expired_conversations(service, metrics))
        try:
            yield
        finally:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
            try:
                await limiter.close()
            finally:
                service.close()  # writes what the query log still holds
                worker_exited()

    app = FastAPI(
        title="通辽市政府工作报告问答",
        description="Answers questions about the government work report with exact figures and verbatim citations.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by app.web.api_docs from local assets, under the pages' security headers
        redoc_url=None,
    )
    app.state.metrics = metrics
    install_error_handlers(app)
    for router in (health.router, ask.router, chat.router, feedback.router, openai_compat.router,
                   metrics_router, pages.router, api_docs.router):
        app.include_router(router)
    app.mount("/static/docs/viewer", api_docs.VIEWER_ASSETS, name="api-docs-viewer")
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    # Added innermost first. Outermost → innermost: request context → security headers → host guard → CORS →
    # unexpected errors (so a 500 carries the CORS headers too) → access control → HEAD as GET → body guard.
    app.add_middleware(BodyGuardMiddleware, limit=settings.max_body_bytes, timeout=settings.body_timeout_seconds)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(AccessControlMiddleware, limiter=limiter, key_hashes=settings.api_key_hashes, metrics=metrics)
    app.add_middleware(UnexpectedErrorMiddleware)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["content-type", "authorization", "x-api-key", "x-request-id"],
                           expose_headers=["x-request-id", "retry-after"], max_age=600)
    app.add_middleware(HostGuardMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware, widget_origins=settings.widget_origins)
    app.add_middleware(RequestContextMiddleware, metrics=metrics, routes=app.router.routes)
    return app


configure_logging(get_settings().log_format)
app = create_app()
