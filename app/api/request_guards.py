"""ASGI middleware that decides what a request must be to get in: an allowed Host (and redirects that never reflect
it), HEAD answered wherever GET is, one framing for a body, and POST bodies bounded in size, time and encoding."""

from __future__ import annotations

import asyncio
import re

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import API_PREFIXES, error_response

_PROBES = ("/healthz", "/readyz", "/metrics")  # orchestrators and scrapers call these by the pod's address
_HOST = re.compile(r"^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$")


def _host_name(host: str) -> str | None:
    """The name of a Host header, lower-case, without port, brackets or trailing dot; None when it is not one."""
    match = _HOST.match(host.strip().lower())
    return match.group(1).strip("[]").rstrip(".") if match else None


class HostGuardMiddleware:
    """Answers only to the allowed Host names (400 otherwise; probes and scrapes of /healthz, /readyz and /metrics
    always), and makes redirects to this service's own host relative, so no Host header is reflected."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self._any = "*" in allowed_hosts
        self._allowed = [h.strip().lower().strip("[]").rstrip(".") for h in allowed_hosts]

    def _allows(self, name: str | None) -> bool:
        if name is None:
            return False
        return self._any or any(name == a or (a.startswith("*.") and name.endswith(a[1:])) for a in self._allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "")
        if scope["path"] not in _PROBES and not self._allows(_host_name(host)):
            await error_response(scope["path"], 400, "invalid_host",
                                 "This service does not answer to that Host name.")(scope, receive, send)
            return

        async def send_relative(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [(k, _relative(v, host) if k == b"location" else v)
                                      for k, v in message.get("headers", [])]
            await send(message)

        await self.app(scope, receive, send_relative)


_OWN_URL = re.compile(r"^https?://([^/?#]*)(.*)$", re.S)


def _relative(location: bytes, host: str) -> bytes:
    """The path, query and fragment of a redirect to `host` (the request's own); any other Location as it is."""
    match = _OWN_URL.match(location.decode("latin-1"))
    if not match or match.group(1).lower() != host.lower():
        return location
    rest = match.group(2) or "/"
    if not rest.startswith("/"):
        rest = "/" + rest
    return ("/" + rest.lstrip("/")).encode("latin-1")  # never "//x": a browser would read another host


class HeadMiddleware:
    """HEAD works wherever GET does: the app sees a GET (in a copy of the request, so the server still knows it
    answers a HEAD) and the response's body is dropped; its headers, Content-Length included, are the GET's."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the rest of the body follows: send only its end
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        as_get = {**scope, "method": "GET"}
        try:
            await self.app(as_get, receive, send_headers_only)
        finally:
            if "route" in as_get:
                scope["route"] = as_get["route"]  # for the request log and the metrics' route label


class BodyGuardMiddleware:
    """POST bodies to /api/ and /v1/ are read here, bounded: over `limit` bytes is a 413 (with or without a
    Content-Length), a body still arriving after `timeout` seconds a 408, bytes that are not UTF-8 a 400; the route
    then reads the buffered body."""

    def __init__(self, app: ASGIApp, limit: int, timeout: float) -> None:
        self.app, self.limit, self.timeout = app, limit, timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if "content-length" in headers and "transfer-encoding" in headers:
            # Two framings for one body: what request smuggling through a proxy is made of (RFC 9112 §6.1).
            await error_response(scope["path"], 400, "ambiguous_length",
                                 "Send either Content-Length or Transfer-Encoding, not both.",
                                 {"Connection": "close"})(scope, receive, send)
            return
        if scope["method"] != "POST" or not scope["path"].startswith(API_PREFIXES):
            await self.app(scope, receive, send)
            return
        declared = headers.get("content-length", "")
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
