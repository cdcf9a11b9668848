"""Feedback on answers (correct / wrong figure / not found), kept with the question and the answer shown."""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Literal

from app.storage.database import Database

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


class FeedbackStore:
    """Feedback in the service's database; a write returns only once it is durable."""

    _COLUMNS = "feedback_id, created, verdict, channel, question, answer, conversation_id"

    def __init__(self, database: Database) -> None:
        self._db = database

    def add(self, feedback: Feedback) -> None:
        row = asdict(feedback)
        with self._db.transaction() as db:
            db.execute(f"INSERT INTO feedback ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       tuple(row[name.strip()] for name in self._COLUMNS.split(",")))

    def all(self) -> list[Feedback]:
        """Every feedback row, oldest first."""
        with self._db.transaction() as db:
            rows = db.execute(f"SELECT {self._COLUMNS} FROM feedback ORDER BY created, feedback_id").fetchall()
        return [Feedback(verdict=r[2], channel=r[3], question=r[4], answer=r[5], conversation_id=r[6],
                         feedback_id=r[0], created=r[1]) for r in rows]
