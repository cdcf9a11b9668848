"""The pages: `/` (full-page chat), `/embed` (the widget's panel), `/hotline` (operators' console), `/widget.js`."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from app.api.deps import ServiceDep
from app.web.strings import STRINGS, Language

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
templates = Jinja2Templates(directory=WEB_DIR / "templates")  # autoescapes: no text is inserted as markup
router = APIRouter(include_in_schema=False)
ENGLISH_TITLE = "Tongliao Work Report Q&A"


def _document_title(service: ServiceDep) -> str:
    return next(iter(service.index.documents.values())).title


def _chat_page(request: Request, service: ServiceDep, mode: str, title: str | None, lang: Language) -> HTMLResponse:
    settings = service.settings
    english = lang == "en"
    return templates.TemplateResponse(request, "chat.html", {
        "mode": mode, "title": (title or (ENGLISH_TITLE if english else settings.site_title))[:60],
        "starters": settings.starter_questions_en if english else settings.starter_questions,
        "document_title": _document_title(service), "t": STRINGS[lang],
    })


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request, service: ServiceDep, lang: Language = "zh") -> HTMLResponse:
    """The chat for people who open the service directly (`?lang=en` for English)."""
    return _chat_page(request, service, "page", None, lang)


@router.get("/embed", response_class=HTMLResponse)
def embedded_chat(request: Request, service: ServiceDep, title: str | None = Query(None, max_length=200),
                  lang: Language = "zh") -> HTMLResponse:
    """The chat panel that widget.js shows in an iframe on other sites."""
    return _chat_page(request, service, "embed", title, lang)


@router.get("/hotline", response_class=HTMLResponse)
def hotline_console(request: Request, service: ServiceDep) -> HTMLResponse:
    """The 12345 hotline operators' console."""
    return templates.TemplateResponse(request, "hotline.html", {
        "title": "12345热线 · 政府工作报告速查",
        "document_title": _document_title(service), "t": STRINGS["zh"],
    })


@router.api_route("/widget.js", methods=["GET", "HEAD"])
def widget_script() -> FileResponse:
    """The one script a site embeds: `<script src="https://HOST/widget.js" async></script>`."""
    return FileResponse(STATIC_DIR / "widget.js", media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=300"})
