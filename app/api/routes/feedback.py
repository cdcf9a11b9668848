"""POST /api/feedback: a citizen's or operator's verdict on an answer."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from app.api.deps import JsonBody, ServiceDep
from app.api.schemas import ERROR_RESPONSES, FeedbackReceipt, FeedbackRequest
from app.storage.feedback import Feedback

router = APIRouter(prefix="/api", tags=["feedback"], responses=ERROR_RESPONSES)


@router.post("/feedback", status_code=201, response_model=FeedbackReceipt, dependencies=[JsonBody])
async def feedback(body: FeedbackRequest, service: ServiceDep) -> FeedbackReceipt:
    """Store a verdict (correct / wrong figure / not found) with the question and the answer shown."""
    record = Feedback(verdict=body.verdict, channel=body.channel, question=body.question, answer=body.answer,
                      conversation_id=body.conversation_id)
    await run_in_threadpool(service.feedback.add, record)
    return FeedbackReceipt(feedback_id=record.feedback_id)
