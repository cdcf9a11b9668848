"""What the second break test found, each through the public interface: the rate limiter's memory, metrics labels and
privacy, conversations (expiry, ownership), the store going away, file modes, hostile Host headers, HEAD, unexpected
errors, and bodies that are not quite JSON."""

from __future__ import annotations

import re
import shutil
import socket
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api.access import hash_key
from app.core.config import Settings
from app.main import create_app

MakeClient = Callable[..., TestClient]


@pytest.fixture(scope="module")
def make_client(settings: Settings, current_index: Path,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[MakeClient]:
    """A running app with some settings changed (its own data folder unless given); closed at the module's end."""
    with ExitStack() as stack:
        def make(**changes: Any) -> TestClient:
            local = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("abuse")} | changes)
            return stack.enter_context(TestClient(create_app(local), raise_server_exceptions=False))

        yield make


@pytest.fixture(scope="module")
def plain(make_client: MakeClient) -> TestClient:
    """An app with the default settings but no rate limit, shared by the tests that change nothing else."""
    return make_client(rate_limit="off")


def from_address(client: TestClient, address: str) -> TestClient:
    """The same running app seen from another client address."""
    return TestClient(client.app, client=(address, 40000), raise_server_exceptions=False)


def metric(client: TestClient, name: str) -> float:
    """The value of an unlabelled metric (0 when absent)."""
    found = re.search(rf"^{name} ([0-9.e+]+)$", client.get("/metrics").text, re.M)
    return float(found.group(1)) if found else 0.0


# 1. The rate limiter forgets idle clients and never grows past its cap.

def test_the_rate_limiter_holds_a_hard_cap_and_forgets_idle_clients(make_client: MakeClient) -> None:
    app = make_client(rate_limit="2/second", rate_limit_max_clients=50)
    for n in range(200):
        from_address(app, f"198.51.100.{n}").post("/api/ask", content=b"x", headers={"content-type": "text/plain"})
    assert metric(app, "rate_limit_clients") == 50
    # A client over its limit is still limited while the table is at its cap.
    limited = from_address(app, "203.0.113.9")
    codes = [limited.post("/api/ask", content=b"x", headers={"content-type": "text/plain"}).status_code
             for _ in range(4)]
    assert codes[-1] == 429
    time.sleep(1.1)  # every bucket is full again: forgetting them changes nothing
    for _ in range(15):
        from_address(app, "203.0.113.10").post("/api/ask", content=b"x", headers={"content-type": "text/plain"})
    assert metric(app, "rate_limit_clients") <= 2


def test_an_ipv6_host_cannot_dodge_the_limit_by_changing_address_within_its_64(make_client: MakeClient) -> None:
    app = make_client(rate_limit="2/minute")
    codes = [from_address(app, f"2001:db8:1:2::{n:x}").get("/v1/models").status_code for n in range(1, 4)]
    assert codes == [200, 200, 429]
    assert from_address(app, "2001:db8:1:3::1").get("/v1/models").status_code == 200  # another /64


def test_a_hung_redis_costs_one_request_a_timeout_not_every_request(make_client: MakeClient) -> None:
    with socket.socket() as hung:  # accepts connections (the kernel's backlog) and never answers
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)
        app = make_client(rate_limit="4/minute", redis_url=f"redis://127.0.0.1:{hung.getsockname()[1]}/0")
        started = time.monotonic()
        codes = [app.get("/v1/models").status_code for _ in range(5)]
        elapsed = time.monotonic() - started
    assert codes == [200, 200, 200, 200, 429]  # limited in process meanwhile
    assert elapsed < 1.5  # one 0.5 s timeout, then Redis is left alone for a while


def test_replicas_share_one_limit_through_redis_and_fall_back_to_their_own_when_it_is_gone(
        make_client: MakeClient, redis_url: str) -> None:
    import redis

    a = make_client(rate_limit="4/minute", redis_url=redis_url)
    b = make_client(rate_limit="4/minute", redis_url=redis_url)
    ask = {"question": "通辽2023年GDP是多少？"}
    codes = [(a if n % 2 else b).post("/api/ask", json=ask).status_code for n in range(6)]
    assert codes == [200, 200, 200, 200, 429, 429]  # one bucket for the client, whichever replica it reaches
    store = redis.Redis.from_url(redis_url)
    keys = store.keys("ratelimit:*")
    assert keys and all(0 < store.ttl(key) <= 60 for key in keys)  # an idle bucket expires once it would be full
    assert metric(a, "rate_limit_clients") == 0  # nothing kept in the process

    dead = make_client(rate_limit="4/minute", redis_url="redis://127.0.0.1:9/0")  # nothing listens on port 9
    codes = [dead.post("/api/ask", json=ask).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    assert metric(dead, "rate_limit_store_errors_total") == 1  # then Redis is left alone for a while


def test_requests_refused_before_routing_are_counted_under_their_route(make_client: MakeClient) -> None:
    app = make_client(rate_limit="1/minute", max_body_bytes=1024)
    client = from_address(app, "198.51.100.77")
    assert client.post("/api/ask", content=b"x", headers={"content-type": "text/plain"}).status_code == 415
    assert client.post("/api/ask", json={"question": "GDP?"}).status_code == 429
    text = app.get("/metrics").text
    assert 'http_requests_total{method="POST",route="/api/ask",status="429"} 1.0' in text
    assert 'route="unmatched",status="429"' not in text


# 2. /metrics: bounded labels, private when asked.

def test_made_up_methods_do_not_become_metric_labels(plain: TestClient) -> None:
    app = plain
    before = len(app.get("/metrics").content)
    for n in range(300):
        assert app.request(f"M{n:04d}X", "/").status_code == 405
    text = app.get("/metrics").text
    assert 'method="other"' in text and "M0001X" not in text
    assert len(text) < before + 3000


def test_metrics_can_be_kept_private_with_a_token(make_client: MakeClient) -> None:
    app = make_client(metrics_token_hash=hash_key("scrape-token-1"))
    assert app.get("/metrics").status_code == 401
    assert app.get("/metrics", headers={"authorization": "Bearer wrong"}).json()["error"]["code"] == \
        "metrics_token_required"
    scraped = app.get("/metrics", headers={"authorization": "Bearer scrape-token-1"})
    assert scraped.status_code == 200 and "http_requests_total" in scraped.text


# 4. Control characters in feedback; any unexpected error is a JSON 500 with the request id.

def test_feedback_with_control_characters_is_refused_like_a_question(plain: TestClient) -> None:
    app = plain
    refused = app.post("/api/feedback", json={"verdict": "correct", "question": "GDP?", "answer": "a\u0000b"})
    assert refused.status_code == 422
    assert "控制字符" in refused.json()["error"]["message"]
    kept = app.post("/api/feedback", json={"verdict": "correct", "question": "GDP?", "answer": "第一行\n\t第二行"})
    assert kept.status_code == 201


def test_an_unexpected_error_is_a_json_500_with_the_request_id_and_the_security_headers(
        make_client: MakeClient) -> None:
    app = make_client(rate_limit="off")  # its own app: the test adds a broken route to it

    def broken() -> None:
        raise RuntimeError("a bug")

    assert isinstance(app.app, FastAPI)
    app.app.add_api_route("/api/broken", broken, methods=["GET"])
    response = app.get("/api/broken", headers={"x-request-id": "trace-500"})
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "a bug" not in response.text
    assert response.headers["x-request-id"] == "trace-500"
    assert response.headers["x-content-type-options"] == "nosniff"


# 5, 6. Conversations: deleted when expired, continued only by the client they were issued to.

def test_expired_conversations_are_deleted_with_their_text_and_counted(make_client: MakeClient, tmp_path: Path) -> None:
    app = make_client(rate_limit="off", data_dir=tmp_path, conversation_ttl_seconds=1, conversation_sweep_seconds=0.3)
    for n in range(5):
        assert app.post("/api/chat", json={"message": f"去年GDP多少？第{n}问"}).status_code == 200

    def stored() -> tuple[int, int]:
        with sqlite3.connect(tmp_path / "service.sqlite3") as db:
            return (db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0],
                    db.execute("SELECT COUNT(*) FROM turns").fetchone()[0])

    assert stored() == (5, 5)
    deadline = time.monotonic() + 15
    while stored() != (0, 0) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stored() == (0, 0)
    assert metric(app, "conversations_expired_total") == 5


def test_a_conversation_continues_only_for_the_client_it_was_issued_to(plain: TestClient) -> None:
    app = plain
    citizen, stranger = from_address(app, "198.51.100.7"), from_address(app, "198.51.100.8")
    first = citizen.post("/api/chat", json={"message": "去年GDP多少？"}).json()
    issued = first["conversation_id"]
    assert len(issued) >= 32
    followed = citizen.post("/api/chat", json={"message": "增长了多少？", "conversation_id": issued}).json()
    assert followed["conversation_id"] == issued and followed["figures"][0]["printed"] == "5.2%"

    hijack = stranger.post("/api/chat", json={"message": "增长了多少？", "conversation_id": issued}).json()
    assert hijack["conversation_id"] != issued
    assert "生产总值" not in hijack["resolved_question"] and "GDP" not in hijack["resolved_question"]
    made_up = citizen.post("/api/chat", json={"message": "今年呢？", "conversation_id": "unknown-id-123"}).json()
    assert made_up["conversation_id"] not in ("unknown-id-123", issued)


def test_a_system_with_an_api_key_keeps_its_conversation_from_any_address(make_client: MakeClient) -> None:
    app = make_client(rate_limit="off", api_key_hashes=[hash_key("system-key-1")])
    key = {"x-api-key": "system-key-1"}
    first = from_address(app, "10.0.0.1").post("/api/chat", json={"message": "去年GDP多少？"}, headers=key).json()
    followed = from_address(app, "10.0.0.2").post(
        "/api/chat", json={"message": "增长了多少？", "conversation_id": first["conversation_id"]}, headers=key).json()
    assert followed["conversation_id"] == first["conversation_id"]
    assert followed["figures"][0]["printed"] == "5.2%"


def test_the_client_hash_key_is_kept_out_of_the_database(make_client: MakeClient, tmp_path: Path,
                                                         postgres_url: str) -> None:
    make_client(rate_limit="off", data_dir=tmp_path)
    key_file = tmp_path / "client-hash.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and len(key_file.read_text()) == 64
    with sqlite3.connect(tmp_path / "service.sqlite3") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert not [t for t in tables if "secret" in t]
    with pytest.raises(RuntimeError, match="CLIENT_HASH_SALT"):  # replicas must be given one key
        make_client(rate_limit="off", database_url=postgres_url, client_hash_salt=None)


# 7, 8. The store: not ready when its file is gone; files readable by this user only.

def test_readyz_is_not_ready_while_the_database_file_is_gone(make_client: MakeClient, tmp_path: Path) -> None:
    app = make_client(rate_limit="off", data_dir=tmp_path)
    assert app.get("/readyz").status_code == 200
    database, moved = tmp_path / "service.sqlite3", tmp_path / "moved.sqlite3"
    shutil.move(database, moved)
    try:
        ready = app.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["store"] is False
        write = app.post("/api/feedback", json={"verdict": "correct", "question": "GDP?", "answer": "a"})
        assert write.status_code == 503 and write.json()["error"]["code"] == "store_unavailable"
        assert not database.exists()  # not silently re-created empty
        assert app.post("/api/ask", json={"question": "去年GDP多少"}).status_code == 200  # answering needs no store
        app.app.state.service.query_log.flush()  # type: ignore[attr-defined]
        assert metric(app, "query_log_dropped_total") >= 1  # its query-log row could not be written: counted
    finally:
        shutil.move(moved, database)
    assert app.get("/readyz").status_code == 200


def test_a_database_file_that_is_not_a_database_is_an_unavailable_store(make_client: MakeClient,
                                                                        tmp_path: Path) -> None:
    app = make_client(rate_limit="off", data_dir=tmp_path)
    database = tmp_path / "service.sqlite3"
    kept = database.read_bytes()
    database.write_bytes(bytes(range(256)) * 32)
    try:
        write = app.post("/api/feedback", json={"verdict": "correct", "question": "GDP?", "answer": "a"})
        assert write.status_code == 503 and write.json()["error"]["code"] == "store_unavailable"
        assert app.get("/readyz").status_code == 503
    finally:
        database.write_bytes(kept)


def test_an_existing_client_hash_key_file_is_made_private(make_client: MakeClient, tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    (tmp_path / "client-hash.key").write_text("0" * 64)
    (tmp_path / "client-hash.key").chmod(0o644)
    make_client(rate_limit="off", data_dir=tmp_path)
    assert stat.S_IMODE((tmp_path / "client-hash.key").stat().st_mode) == 0o600


def test_the_data_folder_and_database_files_are_private(make_client: MakeClient, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_client(rate_limit="off", data_dir=data)
    app.post("/api/feedback", json={"verdict": "correct", "question": "GDP?", "answer": "a"})
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    files = list(data.glob("service.sqlite3*"))
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)


# 10. Host headers and HEAD.

def test_redirects_never_reflect_the_host_header(plain: TestClient) -> None:
    app = plain
    redirect = app.get("/embed/", headers={"host": "evil.example"}, follow_redirects=False)
    assert redirect.status_code in (301, 307, 308)
    assert redirect.headers["location"] == "/embed"


def test_only_allowed_host_names_are_answered(make_client: MakeClient) -> None:
    app = make_client(rate_limit="off", allowed_hosts=["qa.tongliao.example"])
    for host in ("evil.example", "qa.tongliao.example.evil.example", "qa.tongliao.example#@evil"):
        refused = app.get("/", headers={"host": host})
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_host"
    for host in ("qa.tongliao.example", "QA.tongliao.example:8443", "qa.tongliao.example."):
        assert app.get("/", headers={"host": host}).status_code == 200
    # Probes and scrapes come by the pod's address: health and metrics answer whatever the Host.
    for path in ("/healthz", "/readyz", "/metrics"):
        assert app.get(path, headers={"host": "10.1.2.3:8000"}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/healthz", "/metrics", "/v1/models", "/docs", "/widget.js"])
def test_head_works_wherever_get_does(plain: TestClient, path: str) -> None:
    app = plain
    got, head = app.get(path), app.head(path)
    assert head.status_code == got.status_code == 200
    assert head.headers["content-type"] == got.headers["content-type"]


# 11. The API docs come from the service itself, under the same security headers as the pages.

def test_the_api_docs_load_nothing_from_elsewhere_and_carry_security_headers(plain: TestClient) -> None:
    app = plain
    for path in ("/docs", "/redoc"):
        page = app.get(path)
        assert page.status_code == 200
        assert "http" not in " ".join(re.findall(r'(?:src|href)="([^"]+)"', page.text))
        for asset in re.findall(r'(?:src|href)="([^"]+)"', page.text):
            assert app.get(asset).status_code == 200, asset
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "SAMEORIGIN"


# 14. Bodies the JSON parser gives up on are invalid JSON, said as for any other.

@pytest.mark.parametrize("body", [b'{"question": ' + b"[" * 5000 + b"]" * 5000 + b"}",
                                  b'{"question": "GDP?", "n": ' + b"9" * 5000 + b"}"],
                         ids=["deep-nesting", "5000-digit-number"])
def test_json_the_parser_gives_up_on_is_invalid_json(plain: TestClient, body: bytes) -> None:
    response = plain.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"
    assert "不是有效的 JSON" in response.json()["error"]["message"]
