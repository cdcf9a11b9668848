"""Server-Sent Events from /api/chat, parsed by a standard SSE client, and a client that leaves mid-stream."""

import json
import logging

import httpx
import pytest
from fastapi.testclient import TestClient
from httpx_sse import connect_sse


def _events(client: httpx.Client, payload: dict, headers: dict | None = None) -> list[tuple[str, dict]]:
    with connect_sse(client, "POST", "/api/chat", json=payload, headers=dict(headers or {})) as source:
        assert source.response.headers["content-type"].startswith("text/event-stream")
        return [(event.event, json.loads(event.data)) for event in source.iter_sse()]


def test_stream_carries_pieces_then_the_whole_answer_then_done(client: TestClient) -> None:
    events = _events(client, {"message": "今年计划新建多少个5G基站？", "stream": True})
    names = [name for name, _ in events]
    assert names[0] == "meta" and names[-2:] == ["answer", "done"]
    assert names.count("delta") >= 2
    text = "".join(data["text"] for name, data in events if name == "delta")
    answer = events[-2][1]
    assert text == answer["answer"]
    assert "1200个" in text
    assert answer["citations"][0]["quote"] == "新建5G基站1200个,建成千兆城市。"
    assert events[0][1]["conversation_id"] == answer["conversation_id"]


def test_accept_header_asks_for_a_stream(client: TestClient) -> None:
    events = _events(client, {"message": "去年粮食总产多少"}, headers={"accept": "text/event-stream"})
    assert [n for n, _ in events][-1] == "done"


def test_streamed_follow_up_uses_the_conversation(client: TestClient) -> None:
    first = client.post("/api/chat", json={"message": "去年新建5G基站多少个"}).json()
    events = _events(client, {"message": "今年呢？", "conversation_id": first["conversation_id"], "stream": True})
    assert "1200个" in events[-2][1]["answer"]


def test_a_client_leaving_mid_stream_leaves_no_error(live_server: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING), httpx.Client(base_url=live_server, timeout=30) as client:
        for _ in range(3):
            with client.stream("POST", "/api/chat", json={"message": "去年粮食总产多少", "stream": True}) as response:
                first_line = next(response.iter_lines())
                assert first_line.startswith("event: meta")
            # leaving the block closes the connection before the stream has ended
        assert client.get("/healthz").status_code == 200
        after = client.post("/api/ask", json={"question": "通辽2023年GDP是多少？"}).json()
        assert "1609亿元" in after["answer"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
