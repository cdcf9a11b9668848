"""Who may call the API and how often: optional API keys (stored as SHA-256 hashes) and a per-client rate limit."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math

from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.errors import API_PREFIXES, OPENAI_PREFIX, error_response
from app.api.metrics import Metrics
from app.api.rate_limit import RateLimiter

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def hash_key(key: str) -> str:
    """The SHA-256 hex digest under which an API key is configured (API_KEY_HASHES)."""
    return hashlib.sha256(key.encode()).hexdigest()


def client_address_key(address: str) -> str:
    """The bucket of an address: an IPv4 address as it is, an IPv6 one by its /64 (one host may use a whole /64,
    one address per request, and would otherwise never be limited)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _presented_key(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-api-key":
            return value.decode("latin-1").strip()
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


class AccessControlMiddleware:
    """For /api/ and /v1/: checks API keys when configured (required on /v1/, checked wherever one is sent), then
    takes a token from the client's bucket (by key, else by address) or answers 429 with Retry-After. A wrong key
    takes a token from its address's bucket before its 401, so guessing keys is limited like asking."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, key_hashes: list[str], metrics: Metrics) -> None:
        self.app, self.limiter, self.metrics = app, limiter, metrics
        self._hashes = [h.strip().lower() for h in key_hashes if h.strip()]

    def _known(self, key: str) -> str | None:
        digest = hash_key(key)
        return next((h for h in self._hashes if hmac.compare_digest(h, digest)), None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(API_PREFIXES) or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        key = _presented_key(scope)
        client = f"addr:{client_address_key(scope['client'][0])}" if scope.get("client") else "addr:unknown"
        if self._hashes:
            known = self._known(key) if key else None
            if key and not known:
                if not await self._admit(scope, receive, send, client):
                    return
                await error_response(path, 401, "invalid_api_key", "API key 无效。The API key is not valid.",
                                     _CHALLENGE)(scope, receive, send)
                return
            if not known and path.startswith(OPENAI_PREFIX):
                await error_response(path, 401, "missing_api_key",
                                     "需要 API key。Send an API key: Authorization: Bearer <key>.",
                                     _CHALLENGE)(scope, receive, send)
                return
            if known:
                client = f"key:{known[:16]}"
                scope.setdefault("state", {})["api_key_id"] = known[:16]  # the caller, whatever its address
        if await self._admit(scope, receive, send, client):
            await self.app(scope, receive, send)

    async def _admit(self, scope: Scope, receive: Receive, send: Send, client: str) -> bool:
        """Take a token for the client; False once a 429 has been sent instead."""
        wait = await self.limiter.take(client)
        self.metrics.rate_limit_clients.set(self.limiter.tracked())
        if wait <= 0:
            return True
        self.metrics.rate_limited.inc()
        retry = max(1, math.ceil(wait))
        await error_response(scope["path"], 429, "rate_limited",
                             f"请求过于频繁，请 {retry} 秒后再试。Too many requests; try again in {retry} s.",
                             {"Retry-After": str(retry)})(scope, receive, send)
        return False
