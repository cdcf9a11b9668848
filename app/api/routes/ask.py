"""POST /api/ask: one question, one answer with citations."""

from __future__ import annotations

import time
from typing import TypeVar

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from app.answering.models import Answer
from app.answering.related import related_questions
from app.api.deps import JsonBody, ServiceDep
from app.api.records import record_answer
from app.api.schemas import ERROR_RESPONSES, AskRequest
from app.service import Service

AnswerT = TypeVar("AnswerT", bound=Answer)

router = APIRouter(prefix="/api", tags=["questions"], responses=ERROR_RESPONSES)


@router.post("/ask", response_model=Answer, response_model_exclude_none=True, dependencies=[JsonBody])
async def ask(body: AskRequest, request: Request, service: ServiceDep) -> Answer:
    """Answer a question with the figure as printed, its year label and verbatim citations."""
    started = time.perf_counter()
    answer = await run_in_threadpool(service.engine.ask, body.question, body.include_retrieval)
    await record_answer(request, service, body.question, body.question, answer, started)
    return await with_related(service, answer) if body.include_related else answer


async def with_related(service: Service, answer: AnswerT) -> AnswerT:
    """A copy of the answer with related questions (the engine's cached answer stays as it was)."""
    related = await run_in_threadpool(related_questions, service.engine, service.index, answer)
    return answer.model_copy(update={"related": related})
