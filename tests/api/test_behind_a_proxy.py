"""Behind the city's reverse proxy: the rate limit keys on the client the trusted proxy names, not on the proxy."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from app.core.config import Settings
from app.main import create_app


@pytest.fixture(scope="module")
def proxied_server(settings: Settings, current_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    local = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("proxied"), "rate_limit": "2/minute"})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(local), host="127.0.0.1", port=port, log_level="warning",
                            proxy_headers=True, forwarded_allow_ips=local.forwarded_allow_ips)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_each_forwarded_client_has_its_own_bucket(proxied_server: str) -> None:
    ask = {"question": "通辽2023年GDP是多少？"}
    with httpx.Client(base_url=proxied_server, timeout=30) as proxy:
        first = [proxy.post("/api/ask", json=ask, headers={"x-forwarded-for": "203.0.113.7"}).status_code
                 for _ in range(3)]
        second = proxy.post("/api/ask", json=ask, headers={"x-forwarded-for": "198.51.100.23"}).status_code
    assert first == [200, 200, 429]
    assert second == 200  # another citizen behind the same proxy is not limited by the first one
