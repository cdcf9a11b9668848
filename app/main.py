"""The FastAPI application: `app.main:app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from app.api.access import AccessControlMiddleware, RateLimiter
from app.api.errors import install_error_handlers
from app.api.metrics import Metrics
from app.api.metrics import router as metrics_router
from app.api.middleware import BodyGuardMiddleware, RequestContextMiddleware, SecurityHeadersMiddleware
from app.api.routes import ask, chat, feedback, health, openai_compat
from app.core.config import Settings, get_settings
from app.core.logging import configure_logging
from app.service import Service
from app.web import pages


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the model and index load once, in the lifespan, before requests are served."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.service = Service.load(settings)
        yield
        app.state.service.close()

    app = FastAPI(
        title="通辽市政府工作报告问答",
        description="Answers questions about the government work report with exact figures and verbatim citations.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.metrics = metrics = Metrics()
    install_error_handlers(app)
    for router in (health.router, ask.router, chat.router, feedback.router, openai_compat.router,
                   metrics_router, pages.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    # Added innermost first: request context (outermost) → security headers → CORS → access control → body guard.
    app.add_middleware(BodyGuardMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(AccessControlMiddleware, limiter=RateLimiter(settings.rate_limit),
                       key_hashes=settings.api_key_hashes, metrics=metrics)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["content-type", "authorization", "x-api-key", "x-request-id"],
                           expose_headers=["x-request-id", "retry-after"], max_age=600)
    app.add_middleware(SecurityHeadersMiddleware, widget_origins=settings.widget_origins)
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    return app


configure_logging(get_settings().log_format)
app = create_app()
