"""Who may call the API and how often: optional API keys (stored as SHA-256 hashes) and a per-client rate limit."""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time

from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.errors import API_PREFIXES, OPENAI_PREFIX, error_response
from app.api.metrics import Metrics

_PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def hash_key(key: str) -> str:
    """The SHA-256 hex digest under which an API key is configured (API_KEY_HASHES)."""
    return hashlib.sha256(key.encode()).hexdigest()


class RateLimiter:
    """A token bucket per client: `limit` requests per period, refilled evenly (bursts up to `limit`)."""

    def __init__(self, spec: str, max_clients: int = 100_000) -> None:
        self.enabled = spec != "off"
        count, _, period = spec.partition("/")
        self.capacity = float(count) if self.enabled else 0.0
        self.rate = self.capacity / _PERIODS[period] if self.enabled else 0.0
        self._buckets: dict[str, tuple[float, float]] = {}  # client → (tokens, last refill)
        self._max_clients = max_clients
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds until it may."""
        if not self.enabled:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            if len(self._buckets) > self._max_clients:  # forget full buckets first: they hold no state
                self._buckets = {c: b for c, b in self._buckets.items() if b[0] < self.capacity}
            return (1 - tokens) / self.rate


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
    takes a token from the client's bucket (by key, else by address) or answers 429 with Retry-After."""

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
        client = f"addr:{scope['client'][0]}" if scope.get("client") else "addr:unknown"
        if self._hashes:
            known = self._known(key) if key else None
            if key and not known:
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
        wait = self.limiter.take(client)
        if wait > 0:
            self.metrics.rate_limited.inc()
            retry = max(1, math.ceil(wait))
            await error_response(path, 429, "rate_limited",
                                 f"请求过于频繁，请 {retry} 秒后再试。Too many requests; try again in {retry} s.",
                                 {"Retry-After": str(retry)})(scope, receive, send)
            return
        await self.app(scope, receive, send)
