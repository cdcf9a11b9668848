"""ASGI middleware: request ids, the request log and metrics; security headers on every response; a JSON 500 for
any unexpected error; Host checks and relative redirects; HEAD wherever GET is; bounded request bodies."""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import API_PREFIXES, error_response
from app.api.metrics import Metrics, method_label
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
                    elif path.startswith(_DOCS):
                        headers += [(b"content-security-policy", _DOCS_POLICY), (b"x-frame-options", b"SAMEORIGIN")]
                    else:
                        headers += [(b"content-security-policy", self._page_policy),
                                    (b"x-frame-options", b"SAMEORIGIN")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HostGuardMiddleware:
    """Answers only to the allowed Host names (400 otherwise), and makes every redirect to this service relative,
    so that no Host header, allowed or not, is ever reflected into a Location."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self._any = "*" in allowed_hosts
        self._allowed = [h.lower() for h in allowed_hosts]

    def _allows(self, host: str) -> bool:
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return self._any or any(name == a or (a.startswith("*.") and name.endswith(a[1:])) for a in self._allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "").lower()
        if not self._allows(host):
            await error_response(scope["path"], 400, "invalid_host",
                                 "This service does not answer to that Host name.")(scope, receive, send)
            return

        async def send_relative(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [(k, _relative(v) if k == b"location" else v)
                                      for k, v in message.get("headers", [])]
            await send(message)

        await self.app(scope, receive, send_relative)


def _relative(location: bytes) -> bytes:
    """/path?query of an absolute http(s) URL (a redirect to ourselves); anything else as it is."""
    parts = urlsplit(location.decode("latin-1"))
    if parts.scheme not in ("http", "https"):
        return location
    return ((parts.path or "/") + (f"?{parts.query}" if parts.query else "")).encode("latin-1")


class HeadMiddleware:
    """HEAD works wherever GET does: the request is routed as a GET and the response's body is dropped (its
    headers, Content-Length included, are the GET's)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)}
            await send(message)

        scope["method"] = "GET"
        try:
            await self.app(scope, receive, send_headers_only)
        finally:
            scope["method"] = "HEAD"  # the request log and metrics say what was asked


class BodyGuardMiddleware:
    """POST bodies to /api/ and /v1/ are read here, bounded: over `limit` bytes is a 413 (with or without a
    Content-Length), a body still arriving after `timeout` seconds a 408, bytes that are not UTF-8 a 400; the route
    then reads the buffered body."""

    def __init__(self, app: ASGIApp, limit: int, timeout: float) -> None:
        self.app, self.limit, self.timeout = app, limit, timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].startswith(API_PREFIXES):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, receive, send)
            return
        try:
            async with asyncio.timeout(self.timeout):
                body = await self._read(receive)
        except TimeoutError:
            seconds = f"{self.timeout:g}"
            message = f"请求内容 {seconds} 秒内没有发完。The request body did not arrive within {seconds} s."
            await error_response(scope["path"], 408, "body_timeout", message, {"Connection": "close"})(
                scope, receive, send)
            return
        if body is None:
            return  # the client went away
        if len(body) > self.limit:
            await self._too_large(scope, receive, send)
            return
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

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, or as much as shows it is over the limit; None when the client disconnects."""
        chunks, size, more = [], 0, True
        while more and size <= self.limit:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"请求内容超过 {self.limit} 字节。The request body is over {self.limit} bytes."
        await error_response(scope["path"], 413, "body_too_large", message)(scope, receive, send)


