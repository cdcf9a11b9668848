"""Storage tests run on both backends: SQLite in a temporary folder, and a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage.database import Database, PostgresDatabase, SQLiteDatabase
from tests.postgres import fresh_database


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db: Database = SQLiteDatabase(tmp_path / "s.sqlite3")
    else:
        db = PostgresDatabase(fresh_database(request.getfixturevalue("postgres_url")))
    yield db
    db.close()
