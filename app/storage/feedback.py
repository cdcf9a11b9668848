"""Feedback on answers (correct / wrong figure / not found), kept with the question and the answer shown."""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field, fields
from typing import Literal

from app.storage.database import Database, insert_row, select_rows

Verdict = Literal["correct", "wrong_figure", "not_found"]
Channel = Literal["widget", "page", "hotline", "api"]


@dataclass(frozen=True)
class Feedback:
    """One verdict on one answer."""

    verdict: Verdict
    channel: Channel
    question: str
    answer: str
    conversation_id: str | None = None
    feedback_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created: float = field(default_factory=time.time)


COLUMNS = [f.name for f in fields(Feedback)]


class FeedbackStore:
    """Feedback in the service's database; a write returns only once it is durable."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def add(self, feedback: Feedback) -> None:
        with self._db.transaction() as db:
            insert_row(db, "feedback", asdict(feedback))

    def all(self) -> list[Feedback]:
        """Every feedback row, oldest first."""
        return [Feedback(**row) for row in select_rows(self._db, "feedback", COLUMNS, "created, feedback_id")]
