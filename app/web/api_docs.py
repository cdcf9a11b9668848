"""/docs (Swagger UI) and /redoc served from this service, so they work on an intranet with no CDN.

The viewers' scripts and styles come from the `fastapi-offline` wheel (pinned); the pages that start them are ours and
carry no inline script, so they run under the same Content-Security-Policy as every page."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app.web.pages import templates

VIEWER_ASSETS = StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static")
router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Try the HTTP API in the browser."""
    return templates.TemplateResponse(request, "api_docs.html", {"viewer": "swagger", "title": request.app.title})


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    """Read the HTTP API's reference."""
    return templates.TemplateResponse(request, "api_docs.html", {"viewer": "redoc", "title": request.app.title})
