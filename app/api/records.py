"""After each answer: count it (answered / refused) and put it in the query log."""

from __future__ import annotations

import time

from fastapi import Request

from app.answering.models import Answer
from app.service import Service
from app.storage.query_log import QueryRecord


def record_answer(request: Request, service: Service, question: str, resolved: str, answer: Answer,
                  started: float) -> None:
    """Count the outcome and queue the query-log record (never blocks the response on a disk write)."""
    request.app.state.metrics.answers.labels("answered" if answer.answerable else "refused").inc()
    client = request.client.host if request.client else "unknown"
    service.query_log.record(QueryRecord(
        endpoint=request.url.path, question=question, resolved=resolved, answer=answer.answer,
        answerable=answer.answerable,
        citations=" ".join(f"{c.doc_id}:{c.paragraph}:{c.start}-{c.end}" for c in answer.citations),
        latency_ms=round((time.perf_counter() - started) * 1000, 2), client_hash=service.hash_client(client),
        request_id=getattr(request.state, "request_id", "-"),
    ))
