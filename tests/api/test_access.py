"""Rate limit, API keys, CORS, security headers, request ids and metrics, on an app configured as in public."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api.access import hash_key
from app.core.config import Settings
from app.core.logging import JsonFormatter
from app.main import create_app

KEY = "test-key-7f3a9c"
CITY_SITE = "https://www.tongliao.gov.cn"


@pytest.fixture(scope="module")
def public(settings: Settings, current_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    local = settings.model_copy(update={
        "data_dir": tmp_path_factory.mktemp("public"), "rate_limit": "4/minute", "api_key_hashes": [hash_key(KEY)],
        "cors_origins": [CITY_SITE]})
    with TestClient(create_app(local)) as client:
        yield client


def another_client(public: TestClient, address: str) -> TestClient:
    """The same running app seen from another address (its lifespan already ran)."""
    return TestClient(public.app, client=(address, 40000))


def test_a_client_over_the_limit_gets_429_with_retry_after_and_others_are_unaffected(public: TestClient) -> None:
    ask = {"question": "通辽2023年GDP是多少？"}
    codes = [public.post("/api/ask", json=ask, headers={"x-forwarded-for": "ignored"}).status_code for _ in range(6)]
    assert codes[:4] == [200, 200, 200, 200]
    assert codes[4:] == [429, 429]
    limited = public.post("/api/ask", json=ask)
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.json()["error"]["code"] == "rate_limited"
    message = limited.json()["error"]["message"]
    assert "请求过于频繁" in message and "Too many requests" in message
    # Another client (an API key has its own bucket), the pages and the health checks still answer.
    assert public.post("/api/ask", json=ask, headers={"x-api-key": KEY}).status_code == 200
    assert public.get("/").status_code == 200
    assert public.get("/readyz").status_code == 200
    metrics = public.get("/metrics").text
    assert "rate_limited_requests_total 3.0" in metrics


def test_api_keys_are_required_on_v1_and_checked_wherever_sent(public: TestClient) -> None:
    public = another_client(public, "192.0.2.20")  # a wrong key takes from its address's bucket: start with a full one
    body = {"model": "tongliao-report-qa", "messages": [{"role": "user", "content": "今年新建多少5G基站？"}]}
    missing = public.post("/v1/chat/completions", json=body)
    assert missing.status_code == 401
    assert missing.json()["error"]["type"] == "authentication_error"
    wrong = public.post("/v1/chat/completions", json=body, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    good = public.post("/v1/chat/completions", json=body, headers={"authorization": f"Bearer {KEY}"})
    assert good.status_code == 200
    assert "1200个" in good.json()["choices"][0]["message"]["content"]
    wrong_on_api = public.post("/api/ask", json={"question": "GDP?"}, headers={"x-api-key": "nope"})
    assert wrong_on_api.status_code == 401
    assert wrong_on_api.json()["error"]["code"] == "invalid_api_key"


def test_api_keys_never_reach_the_logs(public: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    public = another_client(public, "192.0.2.21")
    with caplog.at_level(logging.DEBUG):
        ask = {"question": "粮食产量多少"}
        assert public.post("/api/ask", json=ask, headers={"x-api-key": KEY}).status_code in (200, 429)
        assert public.post("/api/ask", json=ask, headers={"x-api-key": KEY + "x"}).status_code == 401
    formatted = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert KEY not in formatted and hash_key(KEY) not in formatted


def test_guessing_api_keys_is_rate_limited_like_asking(public: TestClient) -> None:
    guesser = another_client(public, "192.0.2.22")
    codes = [guesser.get("/v1/models", headers={"authorization": f"Bearer guess-{n}"}).status_code for n in range(6)]
    assert codes == [401, 401, 401, 401, 429, 429]
    # The real key still works from there (its own bucket), and other addresses are unaffected.
    assert guesser.get("/v1/models", headers={"authorization": f"Bearer {KEY}"}).status_code == 200
    assert another_client(public, "192.0.2.23").get("/v1/models", headers={"x-api-key": "nope"}).status_code == 401


def test_cors_allows_only_the_configured_origins(public: TestClient) -> None:
    preflight = {"access-control-request-method": "POST", "access-control-request-headers": "content-type"}
    allowed = public.options("/api/ask", headers={"origin": CITY_SITE, **preflight})
    assert allowed.headers.get("access-control-allow-origin") == CITY_SITE
    other = public.options("/api/ask", headers={"origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in other.headers
    simple = public.get("/v1/models", headers={"origin": "https://evil.example", "x-api-key": KEY})
    assert "access-control-allow-origin" not in simple.headers


def test_pages_carry_a_content_security_policy_and_the_embed_may_be_framed(public: TestClient) -> None:
    page = public.get("/hotline")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'self'" in policy and "unsafe-inline" not in policy
    assert page.headers["x-frame-options"] == "SAMEORIGIN"
    embed = public.get("/embed")
    assert "frame-ancestors *" in embed.headers["content-security-policy"]
    assert "x-frame-options" not in embed.headers
    api = public.get("/healthz")
    assert api.headers["x-content-type-options"] == "nosniff"


def test_every_response_has_a_request_id_and_the_log_line_carries_it(public: TestClient,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="app.requests"):
        given = public.get("/healthz", headers={"x-request-id": "call-2024-0001"})
        made = public.get("/healthz", headers={"x-request-id": "bad id with spaces <script>"})
    assert given.headers["x-request-id"] == "call-2024-0001"
    assert made.headers["x-request-id"] != "bad id with spaces <script>" and len(made.headers["x-request-id"]) == 32
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "app.requests"]
    logged = next(line for line in lines if line["request_id"] == "call-2024-0001")
    assert logged["route"] == "/healthz" and logged["status"] == 200 and logged["duration_ms"] >= 0


def test_metrics_count_requests_by_route_and_answers_by_outcome(public: TestClient) -> None:
    client = another_client(public, "192.0.2.10")
    client.post("/api/ask", json={"question": "通辽市有多少个民用机场？"})
    client.post("/api/ask", json={"question": "通辽2023年GDP是多少？"})
    text = client.get("/metrics").text
    assert 'http_requests_total{method="POST",route="/api/ask",status="200"}' in text
    assert 'answers_total{outcome="refused"}' in text and 'answers_total{outcome="answered"}' in text
    assert "http_request_duration_seconds_bucket" in text
