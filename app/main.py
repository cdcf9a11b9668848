"""The FastAPI application: `app.main:app`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.api.errors import install_error_handlers
from app.api.routes import ask, chat, feedback, health, openai_compat
from app.core.config import Settings, get_settings
from app.service import Service
from app.web import pages


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the model and index load once, in the lifespan, before requests are served."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.service = Service.load(settings or get_settings())
        yield

    app = FastAPI(
        title="通辽市政府工作报告问答",
        description="Answers questions about the government work report with exact figures and verbatim citations.",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(ask.router)
    app.include_router(chat.router)
    app.include_router(feedback.router)
    app.include_router(openai_compat.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app


logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
app = create_app()
