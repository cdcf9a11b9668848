"""POST /api/chat: a conversation turn, as JSON or as a Server-Sent Events stream."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from app.api.deps import JsonBody, ServiceDep, client_hash
from app.api.errors import STORE_UNAVAILABLE, error_body, store_errors
from app.api.records import record_answer
from app.api.routes.ask import with_related
from app.api.schemas import ERROR_RESPONSES, ChatAnswer, ChatRequest
from app.api.sse import pieces, sse_event
from app.conversation.chat import ChatTurn, begin_turn, finish_turn
from app.service import Service

router = APIRouter(prefix="/api", tags=["questions"], responses=ERROR_RESPONSES)
log = logging.getLogger(__name__)


def wants_stream(request: Request, body_stream: bool) -> bool:
    """Stream when the body says so or the client accepts only an event stream."""
    return body_stream or "text/event-stream" in request.headers.get("accept", "")


async def _events(request: Request, service: Service, message: str, turn: ChatTurn,
                  started: float) -> AsyncIterator[str]:
    yield sse_event({"conversation_id": turn.conversation_id, "resolved_question": turn.resolved_question}, "meta")
    try:
        answer = await run_in_threadpool(finish_turn, service.conversations, service.engine, message, turn)
    except store_errors():  # as a JSON request would get 503: the store, not the answer, failed
        log.exception("chat stream could not record its turn")
        yield sse_event(error_body("store_unavailable", STORE_UNAVAILABLE), "error")
        return
    except Exception:  # the stream ends with an error event, never a dropped connection
        log.exception("chat stream failed")
        failure = "没能生成回答，请重试。The answer could not be produced; try again."
        yield sse_event(error_body("internal_error", failure), "error")
        return
    await record_answer(request, service, message, turn.resolved_question, answer, started)
    for piece in pieces(answer.answer, service.settings.stream_piece_chars):
        yield sse_event({"text": piece}, "delta")
    full = ChatAnswer(**answer.model_dump(), conversation_id=turn.conversation_id,
                      resolved_question=turn.resolved_question)
    yield sse_event(full.model_dump(exclude_none=True), "answer")
    yield sse_event({}, "done")


@router.post(
    "/chat", response_model=ChatAnswer, response_model_exclude_none=True, dependencies=[JsonBody],
    responses={200: {"content": {"text/event-stream": {}}, "description": "JSON, or SSE: meta, delta…, answer, done"}},
)
async def chat(body: ChatRequest, request: Request, service: ServiceDep) -> ChatAnswer | StreamingResponse:
    """Answer a message in a conversation; follow-ups ("那今年呢？") inherit the metric, year or kind."""
    started = time.perf_counter()
    turn = await run_in_threadpool(begin_turn, service.conversations, service.engine, body.message,
                                   body.conversation_id, client_hash(request, service))
    if wants_stream(request, body.stream):
        return StreamingResponse(_events(request, service, body.message, turn, started),
                                 media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    answer = await run_in_threadpool(finish_turn, service.conversations, service.engine, body.message, turn)
    await record_answer(request, service, body.message, turn.resolved_question, answer, started)
    reply = ChatAnswer(**answer.model_dump(), conversation_id=turn.conversation_id,
                       resolved_question=turn.resolved_question)
    return await with_related(service, reply) if body.include_related else reply
