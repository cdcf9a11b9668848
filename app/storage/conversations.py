"""Conversation history, server-side: bounded in length, bound to the client that started it, forgotten when idle.

A conversation id is a capability: the server issues it (unguessable, 192 random bits) and only the client it was
issued to (by the keyed hash of its address) can continue that conversation; any other id starts a new one."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from app.storage.database import Database


@dataclass(frozen=True)
class Turn:
    """One user message and how it was understood."""

    message: str
    resolved: str  # the standalone question the message was read as


def new_conversation_id() -> str:
    """A fresh unguessable id (URL-safe, 32 characters)."""
    return secrets.token_urlsafe(24)


class ConversationStore:
    """Conversations in the service's database."""

    def __init__(self, database: Database, max_turns: int, ttl_seconds: float) -> None:
        self._db, self._max_turns, self._ttl = database, max_turns, ttl_seconds

    def history(self, conversation_id: str, owner: str) -> list[Turn] | None:
        """The kept turns, oldest first; None when the server never issued this id to `owner`, or it has expired."""
        with self._db.transaction() as db:
            row = db.execute("SELECT updated, owner FROM conversations WHERE conversation_id = ?",
                             (conversation_id,)).fetchone()
            if row is None or not secrets.compare_digest(row[1], owner) or time.time() - row[0] > self._ttl:
                return None
            rows = db.execute("SELECT message, resolved FROM turns WHERE conversation_id = ? ORDER BY seq",
                              (conversation_id,)).fetchall()
        return [Turn(message, resolved) for message, resolved in rows]

    def append(self, conversation_id: str, owner: str, turn: Turn) -> None:
        """Record a turn (the first one creates the conversation for `owner`) and drop all but the newest
        `max_turns`."""
        now = time.time()
        with self._db.transaction() as db:
            db.execute("INSERT INTO conversations (conversation_id, updated, owner) VALUES (?, ?, ?) "
                       "ON CONFLICT(conversation_id) DO UPDATE SET updated = excluded.updated",
                       (conversation_id, now, owner))
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE conversation_id = ?",
                             (conversation_id,)).fetchone()[0]
            db.execute("INSERT INTO turns VALUES (?, ?, ?, ?, ?)",
                       (conversation_id, seq, turn.message, turn.resolved, now))
            db.execute("DELETE FROM turns WHERE conversation_id = ? AND seq <= ?",
                       (conversation_id, seq - self._max_turns))

    def forget_expired(self) -> int:
        """Delete every conversation idle past the time to live, with its turns; returns how many this call deleted
        (replicas sweeping at once each count only their own)."""
        cutoff = time.time() - self._ttl
        with self._db.transaction() as db:
            expired = [row[0] for row in db.execute(
                "DELETE FROM conversations WHERE updated < ? RETURNING conversation_id", (cutoff,)).fetchall()]
            for start in range(0, len(expired), 500):
                ids = expired[start:start + 500]
                db.execute(f"DELETE FROM turns WHERE conversation_id IN ({', '.join('?' for _ in ids)})", ids)
        return len(expired)
