"""Token buckets per client: in this process (bounded, idle buckets forgotten), or in Redis shared by every replica.

A bucket holds up to `capacity` tokens and refills at `rate` per second; a request takes one. A bucket left alone for
`capacity / rate` seconds is full again, so forgetting it changes nothing: that is the eviction rule in both stores
(Redis by key expiry)."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
_PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}


class RateLimiter(Protocol):
    enabled: bool

    async def take(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds until it may."""
        ...

    def tracked(self) -> int:
        """Buckets this process holds (0 when they live elsewhere)."""
        ...

    async def close(self) -> None: ...


def _parse(spec: str) -> tuple[float, float]:
    """(capacity, tokens per second) of a spec such as 60/minute."""
    count, _, period = spec.partition("/")
    return float(count), float(count) / _PERIODS[period]


class LocalRateLimiter:
    """Buckets in a dict kept in least-recently-seen order: each request moves its client to the end and forgets at
    most a few buckets from the front (idle ones, or the oldest past the cap), so no request ever pays for a sweep."""

    _EVICT_PER_CALL = 4  # more than one, so the table shrinks back after a flood

    def __init__(self, spec: str, max_clients: int = 100_000) -> None:
        self.enabled = spec != "off"
        self.capacity, self.rate = _parse(spec) if self.enabled else (0.0, 0.0)
        self._refill_seconds = self.capacity / self.rate if self.enabled else 0.0
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client → (tokens, last seen)
        self._max_clients = max_clients
        self._lock = threading.Lock()

    async def take(self, client: str) -> float:
        return self.take_now(client)

    def take_now(self, client: str) -> float:
        """As `take`, for callers outside the event loop."""
        if not self.enabled:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.capacity, now))
            self._evict(now)
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._buckets[client] = (tokens - 1 if wait == 0 else tokens, now)
            return wait

    def _evict(self, now: float) -> None:
        """Forget a few idle buckets, and as many of the least recently seen as it takes to make room for one."""
        for _ in range(self._EVICT_PER_CALL):
            if not self._buckets or now - next(iter(self._buckets.values()))[1] < self._refill_seconds:
                break  # the least recently seen bucket is still in use: so are all the others
            self._buckets.popitem(last=False)
        while len(self._buckets) >= self._max_clients:
            self._buckets.popitem(last=False)

    def tracked(self) -> int:
        return len(self._buckets)

    async def close(self) -> None:
        pass


# One round trip, atomic on the server: refill by the time elapsed (Redis's own clock, the same for every replica),
# take a token if there is one, and let the key expire once the bucket would be full again.
_TAKE = """
local capacity, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'seen')
local tokens = tonumber(state[1]) or capacity
local seen = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - seen) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'seen', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000))
return tostring(wait)
"""


class RedisRateLimiter:
    """Buckets in Redis (REDIS_URL), shared by every worker and replica. When Redis does not answer within
    `_TIMEOUT`, requests are limited by this process's own buckets for `_RETRY_AFTER` seconds (so a hung Redis
    costs one request a timeout, not every request), then Redis is tried again; failures are logged and counted."""

    _TIMEOUT = 0.5  # seconds: a rate-limit lookup must never be what makes an answer slow
    _RETRY_AFTER = 5.0

    def __init__(self, spec: str, url: str, max_clients: int = 100_000, on_error: Any = None) -> None:
        self.enabled = spec != "off"
        self.capacity, self.rate = _parse(spec) if self.enabled else (0.0, 0.0)
        self._redis = Redis.from_url(url, socket_timeout=self._TIMEOUT, socket_connect_timeout=self._TIMEOUT)
        self._script = self._redis.register_script(_TAKE)
        self._fallback = LocalRateLimiter(spec, max_clients)
        self._on_error = on_error
        self._unreachable_until = 0.0

    async def take(self, client: str) -> float:
        if not self.enabled:
            return 0.0
        if time.monotonic() < self._unreachable_until:
            return self._fallback.take_now(client)
        try:
            wait = await self._script(keys=[f"ratelimit:{client}"], args=[self.capacity, self.rate])
            return float(wait)
        except (RedisError, OSError) as error:
            if self._on_error:
                self._on_error()
            self._unreachable_until = time.monotonic() + self._RETRY_AFTER
            log.warning("rate limit store unreachable (%s); limiting in this process for %g s", error,
                        self._RETRY_AFTER)
            return self._fallback.take_now(client)

    def tracked(self) -> int:
        return self._fallback.tracked()

    async def close(self) -> None:
        await self._redis.aclose()


def create_rate_limiter(spec: str, redis_url: str | None, max_clients: int, on_error: Any = None) -> RateLimiter:
    """Redis buckets when a URL is configured, else this process's own."""
    if redis_url and spec != "off":
        return RedisRateLimiter(spec, redis_url, max_clients, on_error)
    return LocalRateLimiter(spec, max_clients)
