"""One database for everything the service stores: SQLite (WAL) by default, with versioned schema migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

# Each step moves the schema one version up; steps are never edited once released, only appended.
# The SQL is portable between SQLite and PostgreSQL: text ids made by the service, DOUBLE PRECISION times.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE IF NOT EXISTS conversations (
        conversation_id TEXT PRIMARY KEY, updated DOUBLE PRECISION NOT NULL);
    CREATE TABLE IF NOT EXISTS turns (
        conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, message TEXT NOT NULL,
        resolved TEXT NOT NULL, created DOUBLE PRECISION NOT NULL, PRIMARY KEY (conversation_id, seq));
    """,
    """
    CREATE TABLE IF NOT EXISTS feedback (
        feedback_id TEXT PRIMARY KEY, created DOUBLE PRECISION NOT NULL, verdict TEXT NOT NULL,
        channel TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, conversation_id TEXT);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class Database(Protocol):
    """A transactional database; SQL uses `?` placeholders."""

    def transaction(self) -> Any:
        """A context manager yielding a connection whose `execute` runs inside one committed transaction."""
        ...

    def writable(self) -> bool:
        """True when a write could be taken now."""
        ...


class SQLiteDatabase:
    """One SQLite file in WAL mode; every write is synced before it is acknowledged."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        db = self._open()
        try:
            db.execute("PRAGMA journal_mode=WAL")  # persistent in the file; must be set outside a transaction
        finally:
            db.close()
        self._migrate()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA synchronous=FULL")
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._open()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    def _migrate(self) -> None:
        with self.transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
            current = row[0] or 0
            if current > SCHEMA_VERSION:
                raise RuntimeError(f"{self.path} has schema version {current}, newer than this service's "
                                   f"{SCHEMA_VERSION}; run the newer service or point DATA_DIR elsewhere")
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in filter(str.strip, MIGRATIONS[version - 1].split(";")):
                    db.execute(statement)
                db.execute("INSERT INTO schema_version VALUES (?)", (version,))

    def schema_version(self) -> int:
        with self.transaction() as db:
            return int(db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0])

    def writable(self) -> bool:
        """Take the write lock and let it go: proves the file can be written now."""
        try:
            db = sqlite3.connect(self.path, timeout=2, isolation_level=None)
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
            finally:
                db.close()
        except sqlite3.Error:
            return False
        return True


def open_database(data_dir: Path) -> SQLiteDatabase:
    """The service's database in its data directory."""
    return SQLiteDatabase(data_dir / "service.sqlite3")
