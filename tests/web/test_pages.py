"""The pages and the feedback API over HTTP (no browser): escaping, script sizes, CSP-ready markup, storage."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.web.pages import STATIC_DIR


def test_pages_render_with_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/", "/embed", "/hotline"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        html = response.text
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []  # a strict Content-Security-Policy holds
        assert " style=" not in html and "<style" not in html
        assert 'lang="zh-CN"' in html


def test_pages_speak_chinese_by_default_and_english_on_request(client: TestClient) -> None:
    chinese = client.get("/").text
    assert '>清空</button>' in chinese and "发送" in chinese and 'lang="zh-CN"' in chinese
    english = client.get("/embed", params={"lang": "en"}).text
    assert '>Clear</button>' in english and 'lang="en"' in english
    assert "How many 5G base stations will be built in 2024?" in english
    assert "built-in method" not in chinese + english + client.get("/hotline").text
    assert client.get("/", params={"lang": "fr"}).status_code == 422


def test_the_embed_title_is_escaped_not_inserted_as_markup(client: TestClient) -> None:
    html = client.get("/embed", params={"title": "<script>alert(1)</script>问答"}).text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;问答" in html


def test_the_widget_script_is_small_and_served_as_javascript(client: TestClient) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert len(response.content) < 10_000
    panel_scripts = sum((STATIC_DIR / name).stat().st_size for name in ("answer-view.js", "chat.js"))
    assert panel_scripts < 30_000
    assert "innerHTML" not in response.text + (STATIC_DIR / "answer-view.js").read_text()


def test_feedback_is_accepted_and_validated(client: TestClient) -> None:
    body = {"verdict": "not_found", "question": "通辽有几个机场？", "answer": "报告中没有找到……", "channel": "widget"}
    created = client.post("/api/feedback", json=body)
    assert created.status_code == 201
    assert re.fullmatch(r"[0-9a-f]{32}", created.json()["feedback_id"])
    stored = client.app.state.service.feedback.all()  # type: ignore[attr-defined]
    assert any(f.feedback_id == created.json()["feedback_id"] and f.verdict == "not_found" for f in stored)

    wrong = client.post("/api/feedback", json={**body, "verdict": "great"})
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "invalid_request"
    assert "verdict" in wrong.json()["error"]["message"]
    too_long = client.post("/api/feedback", json={**body, "answer": "数" * 4001})
    assert too_long.status_code == 422


def test_related_questions_are_answered_by_the_report(client: TestClient) -> None:
    answer = client.post("/api/ask", json={"question": "今年计划新建多少个5G基站？", "include_related": True}).json()
    assert answer["related"]
    for question in answer["related"]:
        follow = client.post("/api/ask", json={"question": question}).json()
        assert follow["answerable"], question
    plain = client.post("/api/ask", json={"question": "今年计划新建多少个5G基站？"}).json()
    assert "related" not in plain
