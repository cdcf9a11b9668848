"""Two replicas of the app sharing one real PostgreSQL database (DATABASE_URL), and the export command."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from tests.postgres import fresh_database


@pytest.fixture(scope="module")
def shared_url(postgres_url: str) -> str:
    return fresh_database(postgres_url)


@pytest.fixture(scope="module")
def replicas(settings: Settings, current_index: Path, shared_url: str,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, TestClient]]:
    def replica(name: str) -> TestClient:
        local = settings.model_copy(update={"database_url": shared_url, "rate_limit": "off",
                                            "data_dir": tmp_path_factory.mktemp(name), "client_hash_salt": "s3cret"})
        return TestClient(create_app(local))

    with replica("a") as a, replica("b") as b:
        yield a, b


def test_a_conversation_started_on_one_replica_continues_on_the_other(replicas: tuple[TestClient, TestClient]) -> None:
    a, b = replicas
    first = a.post("/api/chat", json={"message": "去年GDP多少？"}).json()
    assert first["figures"][0]["printed"] == "1609亿元"
    follow = b.post("/api/chat", json={"message": "增长了多少？", "conversation_id": first["conversation_id"]}).json()
    assert follow["figures"][0]["printed"] == "5.2%"
    assert a.get("/readyz").json()["checks"]["store"] is True


def test_feedback_and_the_query_log_land_in_postgres_and_export_as_csv_and_jsonl(
        replicas: tuple[TestClient, TestClient], shared_url: str, tmp_path: Path) -> None:
    a, b = replicas
    a.post("/api/ask", json={"question": "今年计划新建多少个5G基站？"})
    b.post("/api/ask", json={"question": "通辽市有多少个民用机场？"})
    receipt = b.post("/api/feedback", json={"verdict": "not_found", "question": "通辽市有多少个民用机场？",
                                             "answer": "报告中没有找到……", "channel": "hotline"}).json()
    for replica in replicas:
        replica.app.state.service.query_log.flush()  # type: ignore[attr-defined]

    out = tmp_path / "exports"
    env = os.environ | {"DATABASE_URL": shared_url}
    done = subprocess.run([sys.executable, "-m", "app", "export", "--out", str(out)], env=env, capture_output=True,
                          text=True, check=True)
    assert "exported" in done.stdout
    queries = [json.loads(line) for line in (out / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    asked = {q["question"]: q for q in queries}
    assert asked["今年计划新建多少个5G基站？"]["answerable"] is True
    assert "1200个" in asked["今年计划新建多少个5G基站？"]["answer"]
    assert asked["通辽市有多少个民用机场？"]["answerable"] is False
    assert all(q["client_hash"] != "testclient" and len(q["client_hash"]) == 16 for q in queries)
    with (out / "feedback.csv").open(encoding="utf-8-sig") as rows:
        feedback = list(csv.DictReader(rows))
    assert [(f["feedback_id"], f["verdict"], f["channel"]) for f in feedback] == [
        (receipt["feedback_id"], "not_found", "hotline")]
