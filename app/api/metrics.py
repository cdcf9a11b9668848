"""Prometheus metrics of one app: requests by route and status, latency, answered vs refused, rate-limited."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

router = APIRouter(tags=["operations"])


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


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """Prometheus text format."""
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
