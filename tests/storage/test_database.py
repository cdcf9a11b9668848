import sqlite3
from pathlib import Path

import pytest

from app.storage.conversations import ConversationStore, Turn
from app.storage.database import SCHEMA_VERSION, Database, SQLiteDatabase
from app.storage.feedback import Feedback, FeedbackStore
from app.storage.query_log import QueryLog, QueryRecord


def test_a_new_database_is_at_the_current_schema_version(database: Database) -> None:
    assert database.schema_version() == SCHEMA_VERSION
    assert database.writable()


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    with SQLiteDatabase(tmp_path / "s.sqlite3").transaction() as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_feedback_and_queries_round_trip(database: Database) -> None:
    feedback = Feedback("not_found", "widget", "机场？", "报告中没有……", None)
    FeedbackStore(database).add(feedback)
    assert FeedbackStore(database).all() == [feedback]
    log = QueryLog(database)
    record = QueryRecord("/api/ask", "GDP?", "GDP?", "1609亿元", True, "tongliao-2024:1:86-125", 12.5, "ab12", "r1")
    log.record(record)
    log.flush()
    log.close()
    assert QueryLog(database, enabled=False).all() == [record]


def test_a_version_1_database_is_migrated_and_keeps_its_conversations(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);
        CREATE TABLE conversations (conversation_id TEXT PRIMARY KEY, updated REAL NOT NULL);
        CREATE TABLE turns (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, message TEXT NOT NULL,
            resolved TEXT NOT NULL, created REAL NOT NULL, PRIMARY KEY (conversation_id, seq));
        INSERT INTO conversations VALUES ('c1', strftime('%s','now'));
        INSERT INTO turns VALUES ('c1', 1, '去年GDP多少？', '2023年地区生产总值是多少？', strftime('%s','now'));
    """)
    old.close()
    database = SQLiteDatabase(path)
    assert database.schema_version() == SCHEMA_VERSION
    # Kept as they were; they belong to no client (owner ''), so a client's next message starts a new conversation.
    history = ConversationStore(database, max_turns=6, ttl_seconds=600).history("c1", "")
    assert history == [Turn("去年GDP多少？", "2023年地区生产总值是多少？")]
    FeedbackStore(database).add(Feedback("correct", "api", "q", "a"))


def test_a_database_from_a_newer_service_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    SQLiteDatabase(path)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    with pytest.raises(RuntimeError, match="newer than this service"):
        SQLiteDatabase(path)


def test_feedback_survives_a_reopen_and_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    store = FeedbackStore(SQLiteDatabase(path))
    kept = Feedback("wrong_figure", "hotline", "今年GDP目标？", "报告没有给出……", "conv-1")
    store.add(kept)
    with pytest.raises(sqlite3.IntegrityError):
        store.add(kept)  # same id twice: the second insert fails and is rolled back
    assert FeedbackStore(SQLiteDatabase(path)).all() == [kept]
