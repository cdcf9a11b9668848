"""Conversation history, server-side: bounded in length and forgotten when idle."""

from __future__ import annotations

import time
from dataclasses import dataclass

from app.storage.database import Database


@dataclass(frozen=True)
class Turn:
    """One user message and how it was understood."""

    message: str
    resolved: str  # the standalone question the message was read as


class ConversationStore:
    """Conversations in the service's database."""

    def __init__(self, database: Database, max_turns: int, ttl_seconds: float) -> None:
        self._db, self._max_turns, self._ttl = database, max_turns, ttl_seconds

    def history(self, conversation_id: str) -> list[Turn]:
        """The kept turns, oldest first; an idle-expired conversation is deleted and reads as empty."""
        now = time.time()
        with self._db.transaction() as db:
            row = db.execute("SELECT updated FROM conversations WHERE conversation_id = ?",
                             (conversation_id,)).fetchone()
            if row is None:
                return []
            if now - row[0] > self._ttl:
                db.execute("DELETE FROM turns WHERE conversation_id = ?", (conversation_id,))
                db.execute("DELETE FROM conversations WHERE conversation_id = ?", (conversation_id,))
                return []
            rows = db.execute("SELECT message, resolved FROM turns WHERE conversation_id = ? ORDER BY seq",
                              (conversation_id,)).fetchall()
        return [Turn(message, resolved) for message, resolved in rows]

    def append(self, conversation_id: str, turn: Turn) -> None:
        """Record a turn and drop all but the newest `max_turns`."""
        now = time.time()
        with self._db.transaction() as db:
            db.execute("INSERT INTO conversations VALUES (?, ?) ON CONFLICT(conversation_id) "
                       "DO UPDATE SET updated = excluded.updated", (conversation_id, now))
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE conversation_id = ?",
                             (conversation_id,)).fetchone()[0]
            db.execute("INSERT INTO turns VALUES (?, ?, ?, ?, ?)",
                       (conversation_id, seq, turn.message, turn.resolved, now))
            db.execute("DELETE FROM turns WHERE conversation_id = ? AND seq <= ?",
                       (conversation_id, seq - self._max_turns))
