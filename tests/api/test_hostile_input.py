"""Input limits on every endpoint, and injection attempts: escaped or rejected, never executed, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

ENDPOINTS = [
    ("/api/ask", lambda text: {"question": text}),
    ("/api/chat", lambda text: {"message": text}),
    ("/api/feedback", lambda text: {"verdict": "correct", "question": text, "answer": "a"}),
    ("/v1/chat/completions", lambda text: {"model": "m", "messages": [{"role": "user", "content": text}]}),
]


def _error(response) -> dict:  # type: ignore[no-untyped-def]
    return response.json()["error"]


@pytest.mark.parametrize(("path", "body"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_each_endpoint_refuses_empty_overlong_and_control_character_text(client: TestClient, path: str,
                                                                         body) -> None:  # type: ignore[no-untyped-def]
    for text, needle in [("   \n\t ", "问题是空的"), ("问" * 501, "最多 500 个"), ("GDP\x00是多少", "控制字符")]:
        response = client.post(path, json=body(text))
        assert response.status_code in (400, 422), (path, text[:10])
        assert needle in _error(response)["message"]


@pytest.mark.parametrize("path", [e[0] for e in ENDPOINTS])
def test_invalid_utf8_and_chunked_oversized_bodies_are_refused(client: TestClient, path: str) -> None:
    bad = client.post(path, content=b'{"question": "\xff\xfe GDP"}', headers={"content-type": "application/json"})
    assert bad.status_code == 400
    assert _error(bad)["code"] == "invalid_utf8"

    def chunks():  # no Content-Length: the limit must hold while reading
        for _ in range(40):
            yield b" " * 1024

    big = client.post(path, content=chunks(), headers={"content-type": "application/json"})
    assert big.status_code == 413
    assert "16384" in _error(big)["message"]


def test_unknown_fields_are_ignored_everywhere(client: TestClient) -> None:
    extra = {"temperature": 0.2, "debug": True, "__proto__": {"x": 1}}
    assert client.post("/api/ask", json={"question": "粮食产量多少", **extra}).status_code == 200
    assert client.post("/api/chat", json={"message": "粮食产量多少", **extra}).status_code == 200
    feedback = {"verdict": "correct", "question": "q", "answer": "a", **extra}
    assert client.post("/api/feedback", json=feedback).status_code == 201
    completion = {"model": "m", "messages": [{"role": "user", "content": "粮食产量多少"}], **extra}
    assert client.post("/v1/chat/completions", json=completion).status_code == 200


def test_history_length_is_bounded(client: TestClient) -> None:
    messages = [{"role": "user", "content": "粮食产量多少"}] * 101
    response = client.post("/v1/chat/completions", json={"model": "m", "messages": messages})
    assert response.status_code == 400
    assert "at most 100" in response.json()["error"]["message"]


def test_the_number_of_citations_is_bounded(client: TestClient) -> None:
    many = "2023年和2024年的粮食、GDP、5G基站、农村收入分别是多少？"
    answer = client.post("/api/ask", json={"question": many}).json()
    assert len(answer["citations"]) <= client.app.state.service.settings.max_citations  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", [
    '<script>alert("x")</script>通辽GDP是多少？',
    '<img src=x onerror=alert(1)>粮食产量多少',
    "GDP'; DROP TABLE queries; --",
    "1 OR 1=1; SELECT * FROM feedback WHERE ''=''",
    "A" * 500,
])
def test_injection_attempts_come_back_as_json_text_and_touch_nothing(client: TestClient, text: str) -> None:
    for path, body in ENDPOINTS:
        response = client.post(path, json=body(text))
        assert response.status_code < 500, path
        assert response.headers["content-type"].startswith("application/json")
        assert response.headers["x-content-type-options"] == "nosniff"
    stored = client.app.state.service.feedback.all()  # type: ignore[attr-defined]
    assert any(f.question == text.strip() for f in stored)  # kept verbatim, as data
    client.app.state.service.query_log.flush()  # type: ignore[attr-defined]
    assert any(q.question == text.strip() for q in client.app.state.service.query_log.all())  # type: ignore[attr-defined]
    assert client.get("/readyz").status_code == 200  # every table is still there


def test_a_store_that_cannot_be_written_gives_503_with_retry_after_not_500(client: TestClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.storage.database import SQLiteDatabase
    from app.storage.feedback import FeedbackStore

    service = client.app.state.service  # type: ignore[attr-defined]
    broken = SQLiteDatabase.__new__(SQLiteDatabase)
    broken.path = tmp_path  # a folder, not a database file: every transaction fails to open
    working = service.feedback
    service.feedback = FeedbackStore(broken)
    try:
        response = client.post("/api/feedback", json={"verdict": "correct", "question": "q", "answer": "a"})
    finally:
        service.feedback = working
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["error"]["code"] == "store_unavailable"


@pytest.mark.parametrize(("path", "body"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_bidi_overrides_are_refused_and_invisible_only_text_is_empty(client: TestClient, path: str,
                                                                     body) -> None:  # type: ignore[no-untyped-def]
    reordered = client.post(path, json=body("GDP\u202e是多少"))
    assert reordered.status_code in (400, 422) and "控制字符" in _error(reordered)["message"]
    invisible = client.post(path, json=body("\u200b\ufeff\u200b"))
    assert invisible.status_code in (400, 422) and "问题是空的" in _error(invisible)["message"]


@pytest.mark.parametrize(("path", "field"), [("/api/ask", '"question"'), ("/api/chat", '"message"'),
                                             ("/api/feedback", '"verdict"'), ("/v1/chat/completions", '"messages"')])
def test_a_body_error_says_what_this_endpoint_wants(client: TestClient, path: str, field: str) -> None:
    empty = client.post(path, content=b"", headers={"content-type": "application/json"})
    assert field in _error(empty)["message"]
    broken = client.post(path, content=b"{not json", headers={"content-type": "application/json"})
    assert _error(broken)["code"] == "invalid_json" and field in _error(broken)["message"]
