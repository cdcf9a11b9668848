"""One database for everything the service stores: SQLite (WAL) by default, PostgreSQL via DATABASE_URL.

Both run the same versioned migrations and the same SQL (`?` placeholders, portable types)."""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

# Each step moves the schema one version up; steps are never edited once released, only appended.
# The SQL is portable between SQLite and PostgreSQL: text ids made by the service, DOUBLE PRECISION times,
# INTEGER flags.
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
    """
    CREATE TABLE IF NOT EXISTS queries (
        query_id TEXT PRIMARY KEY, created DOUBLE PRECISION NOT NULL, endpoint TEXT NOT NULL,
        question TEXT NOT NULL, resolved TEXT NOT NULL, answer TEXT NOT NULL, answerable INTEGER NOT NULL,
        citations TEXT NOT NULL, latency_ms DOUBLE PRECISION NOT NULL, client_hash TEXT NOT NULL,
        request_id TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS queries_created ON queries (created);
    """,
    """
    ALTER TABLE conversations ADD COLUMN owner TEXT NOT NULL DEFAULT '';
    CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor: ...


class Database(Protocol):
    """A transactional database; SQL uses `?` placeholders."""

    def transaction(self) -> Any:
        """A context manager yielding a Connection; commits on success, rolls back on error."""
        ...

    def writable(self) -> bool:
        """True when a write could be taken now."""
        ...

    def schema_version(self) -> int: ...

    def close(self) -> None: ...


def insert_row(db: Connection, table: str, row: dict[str, Any]) -> None:
    """INSERT one row given as {column: value}."""
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", tuple(row.values()))


def select_rows(database: Database, table: str, columns: list[str], order_by: str) -> list[dict[str, Any]]:
    """Every row of `table` as {column: value}, in the given order."""
    with database.transaction() as db:
        rows = db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order_by}").fetchall()
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _migrate(database: Database, where: str) -> None:
    with database.transaction() as db:
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        if current > SCHEMA_VERSION:
            raise RuntimeError(f"{where} has schema version {current}, newer than this service's "
                               f"{SCHEMA_VERSION}; run the newer service or point it at another database")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for statement in filter(str.strip, MIGRATIONS[version - 1].split(";")):
                db.execute(statement)
            db.execute("INSERT INTO schema_version VALUES (?)", (version,))


def _read_version(database: Database) -> int:
    with database.transaction() as db:
        return int(db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0])


def private_folder(path: Path, tighten: bool = False) -> None:
    """Create `path` (and parents) readable by this user only; with `tighten`, an existing folder too (the data
    folder is the service's own; an export may go into a folder shared for other reasons)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if tighten and path.stat().st_mode & 0o077:
        path.chmod(0o700)


def private_key_file(path: Path) -> str:
    """A random secret kept in `path` (mode 0600), made by whichever process gets there first and read by the
    others: the workers of one machine share it, and it never sits in the database beside what it protects."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)  # made by an older version, or copied in: readable by this user only
        for _ in range(50):  # another worker created it a moment ago and may still be writing it
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.01)
        raise RuntimeError(f"{path} is empty: delete it and start again") from None
    key = secrets.token_hex(32)
    with os.fdopen(descriptor, "w") as out:
        out.write(key)
    return key


def private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist; an existing one is tightened to 0600."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)


class SQLiteDatabase:
    """One SQLite file in WAL mode; every write is synced before it is acknowledged. The file (and the -wal and -shm
    files SQLite gives the same mode) is readable by this user only. Once created it is opened read-write, never
    re-created: a file moved away is an unavailable store (503, /readyz not ready), not a silently empty one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        private_folder(path.parent, tighten=True)
        private_file(path)
        for companion in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if companion.exists():
                private_file(companion)
        db = self._open()
        try:
            db.execute("PRAGMA journal_mode=WAL")  # persistent in the file; must be set outside a transaction
        finally:
            db.close()
        _migrate(self, str(path))  # BEGIN IMMEDIATE: one process migrates at a time

    def _open(self, timeout: float = 10) -> sqlite3.Connection:
        db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=rw", timeout=timeout, isolation_level=None,
                             uri=True)
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

    def schema_version(self) -> int:
        return _read_version(self)

    def writable(self) -> bool:
        """Take the write lock on the service's own schema and let it go: proves the store can be written now."""
        try:
            db = self._open(timeout=2)
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("SELECT MAX(version) FROM schema_version").fetchone()
                db.execute("ROLLBACK")
            finally:
                db.close()
        except sqlite3.Error:
            return False
        return True

    def close(self) -> None:
        pass  # a connection per transaction: nothing stays open


_PLACEHOLDER = re.compile(r"\?")
_MIGRATION_LOCK = 7_424_211  # any constant: the advisory lock that lets one replica migrate at a time


class _PostgresConnection:
    """Runs the shared `?`-style SQL on a psycopg connection."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._connection.execute(_PLACEHOLDER.sub("%s", sql), tuple(params))


class PostgresDatabase:
    """PostgreSQL through a small connection pool, for several replicas sharing one store."""

    def __init__(self, url: str, pool_size: int = 4) -> None:
        from psycopg_pool import ConnectionPool

        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=True, timeout=10,
                                    kwargs={"autocommit": False})
        with self._pool.connection() as connection:
            connection.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
            connection.commit()
            try:
                _migrate(self, "the PostgreSQL database")
            finally:
                connection.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))
                connection.commit()

    @contextmanager
    def transaction(self) -> Iterator[_PostgresConnection]:
        with self._pool.connection() as connection, connection.transaction():
            yield _PostgresConnection(connection)

    def schema_version(self) -> int:
        return _read_version(self)

    def writable(self) -> bool:
        try:
            with self.transaction() as db:
                db.execute("SELECT 1 FROM schema_version LIMIT 1")
        except Exception:
            return False
        return True

    def close(self) -> None:
        self._pool.close()


def open_database(data_dir: Path, url: str | None = None) -> Database:
    """PostgreSQL when a postgresql:// URL is given, else the SQLite file in the data directory."""
    if url:
        if not url.startswith(("postgresql://", "postgres://")):
            raise ValueError("DATABASE_URL must start with postgresql:// (or be unset for SQLite in DATA_DIR)")
        return PostgresDatabase(url)
    return SQLiteDatabase(data_dir / "service.sqlite3")
