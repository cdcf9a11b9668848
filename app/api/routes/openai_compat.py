"""An OpenAI-compatible chat-completions API that keeps the citations: /v1/chat/completions and /v1/models."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from app.answering.models import Answer, Citation
from app.api.deps import JsonBody, ServiceDep
from app.api.errors import ApiError
from app.api.records import record_answer
from app.api.schemas import clean_question
from app.api.sse import pieces, sse_event
from app.conversation.chat import resolve_messages
from app.core.config import get_settings


class OpenAIErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIError(BaseModel):
    """The error object of the OpenAI API."""

    error: OpenAIErrorDetail


_ERRORS: dict[int | str, dict] = {status: {"model": OpenAIError} for status in (400, 401, 413, 415, 429)}
router = APIRouter(prefix="/v1", tags=["openai-compatible"], responses=_ERRORS)


class ContentPart(BaseModel):
    """A text part of a message's content (other part types are ignored)."""

    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    """One message of the conversation, as the OpenAI API sends it."""

    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        """The message's text, whichever content form it came in."""
        if isinstance(self.content, list):
            return "".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    """The standard request; sampling parameters and other fields are accepted and ignored."""

    model_config = ConfigDict(extra="allow", strict=True)
    model: str = Field(description="Any name; the service has one model (see GET /v1/models).")
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False

    @field_validator("messages")
    @classmethod
    def _last_is_user(cls, messages: list[ChatMessage]) -> list[ChatMessage]:
        limit = get_settings().max_messages
        if len(messages) > limit:
            raise ValueError(f"{len(messages)} messages; at most {limit} are accepted (drop the oldest)")
        if messages[-1].role != "user":
            raise ValueError("the last message must have role 'user'")
        clean_question(messages[-1].text())
        return messages


def _content(answer: Answer) -> str:
    """The assistant text with numbered markers [n] that match `citations`."""
    cited = sorted({f.citation for f in answer.figures}) or list(range(1, len(answer.citations) + 1))
    missing = [n for n in cited if f"[{n}]" not in answer.answer]
    return answer.answer + ("".join(f"[{n}]" for n in missing) if missing else "")


def _citations(answer: Answer) -> list[dict]:
    return [Citation.model_validate(c).model_dump() | {"index": n} for n, c in enumerate(answer.citations, 1)]


def _extras(answer: Answer, resolved: str) -> dict:
    """What the answer object carries beside its text: citations, kind, items, computed arithmetic."""
    return {"citations": _citations(answer), "answerable": answer.answerable, "resolved_question": resolved,
            "kind": answer.kind, "items": [i.model_dump() for i in answer.items],
            "computed": answer.computed.model_dump() if answer.computed else None}


def _usage(prompt: str, completion: str) -> dict:
    # Characters stand in for tokens: there is no tokenizer-based billing here.
    return {"prompt_tokens": len(prompt), "completion_tokens": len(completion),
            "total_tokens": len(prompt) + len(completion)}


@router.get("/models")
async def list_models(service: ServiceDep) -> dict:
    """The one model this service answers with."""
    return {"object": "list", "data": [{"id": service.settings.assistant_model_name, "object": "model",
                                        "created": 1704067200, "owned_by": "tongliao-report-qa"}]}


async def _stream(completion_id: str, created: int, model: str, answer: Answer, piece_chars: int,
                  resolved: str) -> AsyncIterator[str]:
    base = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model}
    yield sse_event(base | {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                         "finish_reason": None, "logprobs": None}]})
    for piece in pieces(_content(answer), piece_chars):
        yield sse_event(base | {"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None,
                                             "logprobs": None}]})
    yield sse_event(base | {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop", "logprobs": None}]}
                    | _extras(answer, resolved))
    yield sse_event("[DONE]")


@router.post("/chat/completions", dependencies=[JsonBody], responses={200: {
    "content": {"application/json": {}, "text/event-stream": {}},
    "description": "A chat.completion, or with \"stream\": true chat.completion.chunk events ending in [DONE]"}})
async def chat_completions(body: ChatCompletionRequest, request: Request, service: ServiceDep) -> object:
    """Answer the last user message (earlier user messages resolve follow-ups), OpenAI-style."""
    started = time.perf_counter()
    user_messages = [m.text().strip() for m in body.messages if m.role == "user" and m.text().strip()]
    if not user_messages:
        raise ApiError(400, "no_user_message", "messages must contain a user message with text")
    resolved = await run_in_threadpool(resolve_messages, service.engine, user_messages,
                                       service.settings.max_history_turns + 1)
    answer = await run_in_threadpool(service.engine.ask, resolved)
    await record_answer(request, service, user_messages[-1], resolved, answer, started)
    completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    model = service.settings.assistant_model_name
    if body.stream:
        return StreamingResponse(_stream(completion_id, created, model, answer, service.settings.stream_piece_chars,
                                         resolved), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache"})
    content = _content(answer)
    return {
        "id": completion_id, "object": "chat.completion", "created": created, "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content, "refusal": None},
                     "finish_reason": "stop", "logprobs": None}],
        "usage": _usage(user_messages[-1], content),
    } | _extras(answer, resolved)



