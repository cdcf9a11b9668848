"""Behind the city's reverse proxy: the rate limit keys on the client the trusted proxy names, not on the proxy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.core.config import Settings
from app.main import create_app
from tests.servers import uvicorn_in_thread


@pytest.fixture(scope="module")
def proxied_server(settings: Settings, current_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    local = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("proxied"), "rate_limit": "2/minute"})
    with uvicorn_in_thread(create_app(local), proxy_headers=True,
                           forwarded_allow_ips=local.forwarded_allow_ips) as url:
        yield url


def test_each_forwarded_client_has_its_own_bucket(proxied_server: str) -> None:
    ask = {"question": "通辽2023年GDP是多少？"}
    with httpx.Client(base_url=proxied_server, timeout=30) as proxy:
        first = [proxy.post("/api/ask", json=ask, headers={"x-forwarded-for": "203.0.113.7"}).status_code
                 for _ in range(3)]
        second = proxy.post("/api/ask", json=ask, headers={"x-forwarded-for": "198.51.100.23"}).status_code
    assert first == [200, 200, 429]
    assert second == 200  # another citizen behind the same proxy is not limited by the first one
