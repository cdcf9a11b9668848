"""Prometheus metrics of one app: requests by route and status, latency, answered vs refused, rate-limited.

Every label has a bounded set of values (route templates, known methods, status codes). With several worker
processes, `python -m app serve` points PROMETHEUS_MULTIPROC_DIR at DATA_DIR/metrics, emptied before the workers
start: each writes its values there and a scrape of any worker adds up all of them. (Another process manager must
set PROMETHEUS_MULTIPROC_DIR itself.)"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from app.api.errors import error_response

router = APIRouter(tags=["operations"])

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"  # read by prometheus_client itself when it is first imported
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"})


def method_label(method: str) -> str:
    """The request's method, or "other" for a made-up one (any token is a valid HTTP method)."""
    return method if method in _METHODS else "other"


class Metrics:
    """The app's own registry (several apps in one process, as in tests, keep separate counts)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("http_requests", "HTTP requests by route template, method and status.",
                                ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("http_request_duration_seconds", "Time to the end of the response, by route.",
                                 ["route"], registry=self.registry,
                                 buckets=(0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.answers = Counter("answers", "Questions answered with a figure vs refused (the report does not say).",
                               ["outcome"], registry=self.registry)
        self.rate_limited = Counter("rate_limited_requests", "Requests refused with 429 by the rate limit.",
                                    registry=self.registry)
        self.rate_limit_clients = Gauge("rate_limit_clients", "Client buckets held in this process's memory.",
                                        registry=self.registry, multiprocess_mode="livesum")
        self.rate_limit_store_errors = Counter("rate_limit_store_errors", "Rate-limit lookups Redis did not answer "
                                               "(limited in process instead).", registry=self.registry)
        self.conversations_expired = Counter("conversations_expired", "Idle conversations deleted with their turns.",
                                             registry=self.registry)
        self.query_log_dropped = Counter("query_log_dropped", "Query-log records lost: dropped while the writer was "
                                         "QUERY_LOG_MAX_PENDING behind, or in a write that failed.",
                                         registry=self.registry)

    def scrape(self) -> bytes:
        """This process's registry, or every worker's values in multiprocess mode."""
        if os.environ.get(MULTIPROCESS_DIR):
            _forget_dead_workers(Path(os.environ[MULTIPROCESS_DIR]))
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)


_LIVE_GAUGE_FILE = re.compile(r"^gauge_live\w*_(\d+)\.db$")


def _forget_dead_workers(folder: Path) -> None:
    """Drop the live gauges of workers that died without shutting down (kill -9, out of memory): a gauge such as
    rate_limit_clients is a sum over the workers alive now."""
    for path in folder.glob("gauge_live*.db"):
        match = _LIVE_GAUGE_FILE.match(path.name)
        if match and not _alive(int(match.group(1))):
            multiprocess.mark_process_dead(int(match.group(1)), str(folder))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_exited() -> None:
    """Drop this worker's live gauges from the shared folder (its counters stay: they are totals)."""
    if os.environ.get(MULTIPROCESS_DIR):
        multiprocess.mark_process_dead(os.getpid())


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """Prometheus text format; with METRICS_TOKEN_HASH set, only for `Authorization: Bearer <token>`."""
    expected = request.app.state.service.settings.metrics_token_hash
    if expected:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        digest = hashlib.sha256(token.strip().encode()).hexdigest()
        if scheme.lower() != "bearer" or not hmac.compare_digest(digest, expected.strip().lower()):
            return error_response(request.url.path, 401, "metrics_token_required",
                                  "Send the metrics token: Authorization: Bearer <token>.",
                                  {"WWW-Authenticate": "Bearer"})
    return Response(request.app.state.metrics.scrape(), media_type=CONTENT_TYPE_LATEST)
