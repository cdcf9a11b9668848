"""Background work of a running app: deleting conversations that have been idle past their time to live."""

from __future__ import annotations

import asyncio
import logging

from starlette.concurrency import run_in_threadpool

from app.api.metrics import Metrics
from app.service import Service

log = logging.getLogger(__name__)


async def forget_expired_conversations(service: Service, metrics: Metrics) -> None:
    """Every CONVERSATION_SWEEP_SECONDS, delete expired conversations with their text, count and log them. Each
    replica sweeps; a conversation is deleted (and counted) once."""
    while True:
        await asyncio.sleep(service.settings.conversation_sweep_seconds)
        try:
            deleted = await run_in_threadpool(service.conversations.forget_expired)
        except Exception:  # the store may be down for a while: try again next time
            log.warning("could not delete expired conversations", exc_info=True)
            continue
        if deleted:
            metrics.conversations_expired.inc(deleted)
            log.info("deleted %d expired conversations", deleted, extra={"conversations_deleted": deleted})
