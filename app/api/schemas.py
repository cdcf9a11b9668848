"""Request bodies of the HTTP API."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.answering.models import Answer
from app.core.config import get_settings
from app.storage.feedback import Channel, Verdict


def clean_question(value: str) -> str:
    """Reject empty, over-long or control-character input with a message that says which; strip the rest."""
    text = _INVISIBLE.sub("", value).strip()
    if not text:
        raise ValueError("问题是空的，请输入问题，例如：通辽2023年GDP是多少？ The question is empty; write a question "
                         "such as 通辽2023年GDP是多少？")
    limit = get_settings().max_question_chars
    if len(value) > limit:  # as sent, spaces included: what the published schema's maxLength says
        raise ValueError(f"问题有 {len(value)} 个字，最多 {limit} 个。The question has {len(value)} characters; the "
                         f"limit is {limit}.")
    if _has_control_characters(text):
        raise ValueError("问题里有控制字符，请删除后重试。The question contains control characters.")
    return text


# Zero-width characters and the BOM carry nothing: a question made of them is empty. Bidi overrides reorder what an
# operator or a log reader sees: refused like control characters.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _has_control_characters(text: str) -> bool:
    return any((unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n\r") or c in _BIDI_CONTROLS for c in text)


def clean_answer_text(value: str) -> str:
    """The answer text sent back with feedback: anything shown to a person, but no control characters."""
    if _has_control_characters(value):
        raise ValueError("回答里有控制字符。The answer contains control characters (other than tab and line breaks).")
    return value


# What clean_question accepts, said in the published schema (the validator keeps its own, bilingual, messages):
# at least one visible character, no control characters (bidi controls included) except tab and line breaks.
_ALLOWED = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
QUESTION_SCHEMA = {"minLength": 1, "maxLength": get_settings().max_question_chars,
                   "pattern": rf"^{_ALLOWED}*[^\s\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]"
                              rf"{_ALLOWED}*$"}
QuestionText = Annotated[str, AfterValidator(clean_question), Field(json_schema_extra=QUESTION_SCHEMA)]


class AskRequest(BaseModel):
    """A question about the report."""

    model_config = ConfigDict(extra="ignore", strict=True,
                              json_schema_extra={"examples": [{"question": "通辽2023年GDP是多少？"}]})

    question: QuestionText = Field(description="The question, in Chinese or English (at most 500 characters).")
    include_retrieval: bool = Field(False, description="Also return the retriever's top passages (for evaluation).")
    include_related: bool = Field(False, description="Also suggest related questions about nearby figures.")


class ChatRequest(BaseModel):
    """A message in a conversation; follow-ups inherit what they leave out."""

    model_config = ConfigDict(extra="ignore", strict=True, json_schema_extra={
        "examples": [{"message": "那今年的目标呢？", "conversation_id": "3f2a…"}]})

    message: QuestionText = Field(description="The message, in Chinese or English (at most 500 characters).")
    conversation_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$",
                                        description="Continue this conversation; omit to start a new one.")
    stream: bool = Field(False, description="Stream Server-Sent Events instead of one JSON response.")
    include_related: bool = Field(False, description="Also suggest related questions (JSON responses only).")


class ChatAnswer(Answer):
    """An answer within a conversation."""

    conversation_id: str
    resolved_question: str = Field(description="The standalone question the message was understood as.")


class FeedbackRequest(BaseModel):
    """A verdict on an answer that was shown: stored with the question and the answer."""

    model_config = ConfigDict(extra="ignore", strict=True, json_schema_extra={"examples": [
        {"verdict": "correct", "question": "通辽2023年GDP是多少？", "answer": "1609亿元（2023年实绩）。",
         "channel": "hotline"}]})

    verdict: Verdict = Field(description="correct | wrong_figure | not_found")
    question: QuestionText
    answer: Annotated[str, AfterValidator(clean_answer_text)] = Field(
        max_length=4000, description="The answer text that was shown (no control characters but tab and line "
        "breaks).", json_schema_extra={"pattern": rf"^{_ALLOWED}*$"})
    conversation_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$")
    channel: Channel = Field("api", description="Where the answer was shown: widget | page | hotline | api.")


class FeedbackReceipt(BaseModel):
    """The stored feedback's id; it is durable when this is returned."""

    feedback_id: str


class ErrorDetail(BaseModel):
    code: str = Field(description="A stable machine-readable code, e.g. invalid_request, rate_limited.")
    message: str = Field(description="What is wrong and what to do, for people (Chinese and English where citizens "
                                     "see it).")


class ErrorResponse(BaseModel):
    """The one error shape of the service's own endpoints."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict] = {
    400: {"model": ErrorResponse, "description": "Not JSON, invalid UTF-8 or an empty body"},
    401: {"model": ErrorResponse, "description": "An API key was sent and is not valid"},
    408: {"model": ErrorResponse, "description": "The body did not arrive within BODY_TIMEOUT_SECONDS"},
    413: {"model": ErrorResponse, "description": "The body is over MAX_BODY_BYTES"},
    415: {"model": ErrorResponse, "description": "The body is not application/json"},
    422: {"model": ErrorResponse, "description": "A field is missing, empty, too long or of the wrong type"},
    429: {"model": ErrorResponse, "description": "Too many requests from this client; see Retry-After"},
    500: {"model": ErrorResponse, "description": "An unexpected error; quote the X-Request-ID header"},
    503: {"model": ErrorResponse, "description": "The store cannot be written right now; see Retry-After"},
}
