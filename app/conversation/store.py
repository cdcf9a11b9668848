"""Conversation history, server-side: a small interface and its embedded SQLite implementation."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Turn:
    """One user message and how it was understood."""

    message: str
    resolved: str  # the standalone question the message was read as


class ConversationStore(Protocol):
    """Where conversations live; a shared store (PostgreSQL, Redis) can replace SQLite behind this."""

    def history(self, conversation_id: str) -> list[Turn]:
        """The kept turns, oldest first; empty when unknown or expired."""
        ...

    def append(self, conversation_id: str, turn: Turn) -> None:
        """Record a turn, keeping only the newest turns."""
        ...

    def writable(self) -> bool:
        """True when the store can take a write now."""
        ...


class SQLiteConversationStore:
    """Conversations in one SQLite file (WAL mode), bounded in length and expiring when idle."""

    def __init__(self, path: Path, max_turns: int, ttl_seconds: float) -> None:
        self._path, self._max_turns, self._ttl = path, max_turns, ttl_seconds
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(
                """
                CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS conversations (
                    conversation_id TEXT PRIMARY KEY, updated REAL NOT NULL);
                CREATE TABLE IF NOT EXISTS turns (
                    conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, message TEXT NOT NULL,
                    resolved TEXT NOT NULL, created REAL NOT NULL, PRIMARY KEY (conversation_id, seq));
                """
            )
            if db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 0:
                db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self._path, timeout=10)
        try:
            with db:  # one transaction, committed on success
                yield db
        finally:
            db.close()

    def history(self, conversation_id: str) -> list[Turn]:
        """The kept turns, oldest first; an idle-expired conversation is deleted and reads as empty."""
        now = time.time()
        with self._connect() as db:
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
        with self._connect() as db:
            db.execute("INSERT INTO conversations VALUES (?, ?) ON CONFLICT(conversation_id) "
                       "DO UPDATE SET updated = excluded.updated", (conversation_id, now))
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE conversation_id = ?",
                             (conversation_id,)).fetchone()[0]
            db.execute("INSERT INTO turns VALUES (?, ?, ?, ?, ?)",
                       (conversation_id, seq, turn.message, turn.resolved, now))
            db.execute("DELETE FROM turns WHERE conversation_id = ? AND seq <= ?",
                       (conversation_id, seq - self._max_turns))

    def writable(self) -> bool:
        """Take the write lock and let it go: proves the file can be written now."""
        try:
            db = sqlite3.connect(self._path, timeout=2, isolation_level=None)
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
            finally:
                db.close()
        except sqlite3.Error:
            return False
        return True
