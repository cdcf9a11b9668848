"""ASGI middleware: request ids, the request log and metrics; security headers on every response."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import API_PREFIXES, error_response
from app.api.metrics import Metrics
from app.core.logging import request_id

log = logging.getLogger("app.requests")
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    """Gives each request an id (a sane incoming X-Request-ID, else a new one) that is returned in the
    X-Request-ID header and attached to every log line; logs one line per request and counts it in the metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

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
            route = getattr(scope.get("route"), "path", "unmatched")  # templates only: no label per URL
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
            self.metrics.latency.labels(route).observe(elapsed)
            log.info("%s %s %d %.1f ms", scope["method"], scope["path"], status, elapsed * 1000,
                     extra={"method": scope["method"], "path": scope["path"], "route": route, "status": status,
                            "duration_ms": round(elapsed * 1000, 2)})
            request_id.reset(token)


# Pages and the widget run only our own scripts and styles; the widget's panel may be framed by the sites allowed.
_PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors {ancestors}")
_OPEN_DOCS = ("/docs", "/redoc")  # FastAPI's documentation pages load their own inline scripts


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
                if content_type.startswith(b"text/html") and not path.startswith(_OPEN_DOCS):
                    if path == "/embed":
                        headers.append((b"content-security-policy", self._embed_policy))
                    else:
                        headers += [(b"content-security-policy", self._page_policy),
                                    (b"x-frame-options", b"SAMEORIGIN")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyGuardMiddleware:
    """POST bodies to /api/ and /v1/ are read here, bounded: over `limit` bytes is a 413 (with or without a
    Content-Length), bytes that are not UTF-8 are a 400; the route then reads the buffered body."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].startswith(API_PREFIXES):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            await error_response(scope["path"], 400, "invalid_utf8",
                                 "请求内容不是有效的 UTF-8。The body is not valid UTF-8.")(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as the server would

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"请求内容超过 {self.limit} 字节。The request body is over {self.limit} bytes."
        await error_response(scope["path"], 413, "body_too_large", message)(scope, receive, send)


