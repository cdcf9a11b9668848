"""POST /api/ask: one question, one answer with citations."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from app.answering.models import Answer
from app.api.deps import JsonBody, ServiceDep
from app.api.schemas import AskRequest

router = APIRouter(prefix="/api", tags=["questions"])


@router.post("/ask", response_model=Answer, response_model_exclude_none=True, dependencies=[JsonBody])
async def ask(body: AskRequest, service: ServiceDep) -> Answer:
    """Answer a question with the figure as printed, its year label and verbatim citations."""
    return await run_in_threadpool(service.engine.ask, body.question, body.include_retrieval)
