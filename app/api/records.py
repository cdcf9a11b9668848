"""After each answer: count it (answered / refused) and put it in the query log."""

from __future__ import annotations

import time

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from app.answering.models import Answer
from app.api.deps import client_hash
from app.service import Service
from app.storage.query_log import QueryRecord


async def record_answer(request: Request, service: Service, question: str, resolved: str, answer: Answer,
                        started: float) -> None:
    """Count the outcome and queue the query-log record: at once normally; when QUERY_LOG_MAX_PENDING records are
    unwritten, the answer waits (off the event loop, QUERY_LOG_WAIT_SECONDS at most) for the writer, so a crash can
    lose only that many."""
    metrics = request.app.state.metrics
    metrics.answers.labels("answered" if answer.answerable else "refused").inc()
    record = QueryRecord(
        endpoint=request.url.path, question=question, resolved=resolved, answer=answer.answer,
        answerable=answer.answerable,
        citations=" ".join(f"{c.doc_id}:{c.paragraph}:{c.start}-{c.end}" for c in answer.citations),
        latency_ms=round((time.perf_counter() - started) * 1000, 2), client_hash=client_hash(request, service),
        request_id=getattr(request.state, "request_id", "-"),
    )
    queued = service.query_log.record(record) or await run_in_threadpool(
        service.query_log.record, record, service.settings.query_log_wait_seconds)
    if not queued:
        metrics.query_log_dropped.inc()
