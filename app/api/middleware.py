"""ASGI middleware around every response: request ids, the request log and metrics; security headers; a JSON 500
for any unexpected error. (What a request must be to get in at all is in request_guards.)"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

from starlette.datastructures import Headers
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import error_response
from app.api.metrics import Metrics, method_label
from app.core.logging import request_id

log = logging.getLogger("app.requests")
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    """Gives each request an id (a sane incoming X-Request-ID, else a new one) that is returned in the
    X-Request-ID header and attached to every log line; logs one line per request and counts it in the metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics, routes: list[BaseRoute]) -> None:
        self.app, self.metrics, self._routes = app, metrics, routes

    def _route_template(self, scope: Scope) -> str:
        """The template of the route the request was for, also when a middleware answered before routing (401,
        408, 413, 429): labels stay one per endpoint, never one per URL."""
        route = scope.get("route")
        if route is not None:
            return str(getattr(route, "path", "unmatched"))
        for candidate in _leaf_routes(self._routes):
            match, _ = candidate.matches(scope)
            if match is not Match.NONE:
                return str(getattr(candidate, "path", "unmatched"))
        return "unmatched"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get("x-request-id", "")
        rid = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = self._route_template(scope)
            self.metrics.requests.labels(route, method_label(scope["method"]), str(status)).inc()
            self.metrics.latency.labels(route).observe(elapsed)
            log.info("%s %s %d %.1f ms", scope["method"], scope["path"], status, elapsed * 1000,
                     extra={"method": scope["method"], "path": scope["path"], "route": route, "status": status,
                            "duration_ms": round(elapsed * 1000, 2)})
            request_id.reset(token)


class UnexpectedErrorMiddleware:
    """Any error nothing else handled becomes a JSON 500 with the request id (and, being inside them, the security
    headers); the traceback goes to the log, never to the client."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception:
            log.exception("unexpected error in %s %s", method_label(scope["method"]), scope["path"])
            if not started:  # once a response has begun it can only be cut short
                await error_response(scope["path"], 500, "internal_error",
                                     "服务出错了，请稍后再试。Something went wrong on our side; try again, and quote "
                                     "the X-Request-ID header if it keeps happening.")(scope, receive, send)


def _leaf_routes(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    """The routes with a path template, inside the routers FastAPI includes as a whole."""
    for route in routes:
        included = getattr(route, "original_router", None)
        yield from _leaf_routes(included.routes) if included is not None else (route,)


# Pages and the widget run only our own scripts and styles; the widget's panel may be framed by the sites allowed.
_PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors {ancestors}")
# The API documentation (Swagger UI, ReDoc, served from this service) sets inline styles and ReDoc runs a worker.
_DOCS_POLICY = (b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                b"font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; form-action 'self'; "
                b"base-uri 'none'; frame-ancestors 'self'")
_DOCS = ("/docs", "/redoc")


class SecurityHeadersMiddleware:
    """nosniff and a referrer policy everywhere; a Content-Security-Policy and framing rules on HTML pages."""

    def __init__(self, app: ASGIApp, widget_origins: list[str]) -> None:
        self.app = app
        ancestors = " ".join(widget_origins) if widget_origins else "'none'"
        self._embed_policy = _PAGE_POLICY.format(ancestors=ancestors).encode()
        self._page_policy = _PAGE_POLICY.format(ancestors="'self'").encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"strict-origin-when-cross-origin")]
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    if path == "/embed":
                        headers.append((b"content-security-policy", self._embed_policy))
                    elif path in _DOCS:
                        headers += [(b"content-security-policy", _DOCS_POLICY), (b"x-frame-options", b"SAMEORIGIN")]
                    else:
                        headers += [(b"content-security-policy", self._page_policy),
                                    (b"x-frame-options", b"SAMEORIGIN")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
