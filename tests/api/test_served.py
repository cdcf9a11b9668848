"""The service as `python -m app serve` runs it (several workers, plain-text logs) and as uvicorn serves it to slow
clients: metrics that cover every worker, log lines nobody can forge, bodies that never finish arriving."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.core.config import Settings
from app.main import create_app
from bench.server import BenchServer, running_server
from tests.servers import uvicorn_in_thread


@pytest.fixture(scope="module")
def two_workers(current_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BenchServer, Path]]:
    folder = tmp_path_factory.mktemp("served")
    log = folder / "server.log"
    env = {"WORKERS": "2", "LOG_FORMAT": "text", "DATA_DIR": str(folder / "data"), "HEADER_TIMEOUT_SECONDS": "1",
           "SEND_TIMEOUT_SECONDS": "2"}
    with running_server(env=env, log=log) as server:
        yield server, log


def test_a_scrape_of_any_worker_counts_the_requests_of_all_of_them(two_workers: tuple[BenchServer, Path]) -> None:
    server, _ = two_workers
    for _ in range(40):  # a new connection each time, so both workers take some
        assert httpx.get(f"{server.url}/healthz", headers={"connection": "close"}).status_code == 200
    pattern = r'^http_requests_total\{method="GET",route="/healthz",status="200"\} ([0-9.]+)$'
    for _ in range(10):  # whichever worker takes the scrape
        scraped = httpx.get(f"{server.url}/metrics", headers={"connection": "close"}).text
        counted = re.search(pattern, scraped, re.M)
        assert counted and float(counted.group(1)) == 40


def test_a_line_break_in_a_path_cannot_forge_a_text_log_line(two_workers: tuple[BenchServer, Path]) -> None:
    server, log = two_workers
    httpx.get(f"{server.url}/nothing%0AINFO%20app.requests%20[forged]:%20GET%20/admin%20200")
    deadline = time.monotonic() + 10
    while "/nothing" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.05)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert not [line for line in lines if line.startswith("INFO app.requests [forged]")]
    assert any("/nothing\\nINFO app.requests [forged]" in line for line in lines)


def _read_until_closed(connection: socket.socket) -> bytes:
    received = b""
    try:
        while chunk := connection.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    return received


def test_a_request_head_that_never_finishes_gets_408_and_an_idle_connection_is_closed(
        two_workers: tuple[BenchServer, Path]) -> None:
    server, _ = two_workers
    address = ("127.0.0.1", int(server.url.rsplit(":", 1)[1]))
    started = time.monotonic()
    with socket.create_connection(address, timeout=15) as slow:
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        for _ in range(3):  # a header line now and then does not keep it open
            time.sleep(0.3)
            slow.sendall(b"X-Slow: 1\r\n")
        reply = _read_until_closed(slow)
    assert reply.startswith(b"HTTP/1.1 408") and b"header_timeout" in reply
    with socket.create_connection(address, timeout=15) as idle:
        assert _read_until_closed(idle) == b""
    assert time.monotonic() - started < 8


def test_a_client_that_stops_reading_a_response_is_disconnected(two_workers: tuple[BenchServer, Path]) -> None:
    server, _ = two_workers
    address = ("127.0.0.1", int(server.url.rsplit(":", 1)[1]))
    with socket.socket() as stalled:
        stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stalled.settimeout(15)
        stalled.connect(address)
        # Ten pipelined 1.5 MB answers: more than the kernel's buffers hold, so the server's writes stall.
        stalled.sendall(b"GET /static/docs/viewer/swagger-ui-bundle.js HTTP/1.1\r\nHost: x\r\n\r\n" * 10)
        time.sleep(5)  # SEND_TIMEOUT_SECONDS is 2: the server gives up on the stalled responses
        received = _read_until_closed(stalled)
    declared = int(re.search(rb"content-length: (\d+)", received, re.I).group(1))  # type: ignore[union-attr]
    assert len(received) < 5 * declared


@pytest.fixture(scope="module")
def impatient_server(settings: Settings, current_index: Path,
                     tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    local = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("impatient"), "rate_limit": "off",
                                        "body_timeout_seconds": 1.0})
    with uvicorn_in_thread(create_app(local)) as url:
        yield url


def test_head_is_answered_without_a_body_on_a_kept_alive_connection(impatient_server: str) -> None:
    host, port = impatient_server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(b"HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n"
                           b"Connection: close\r\n\r\n")
        replies = _read_until_closed(connection)
    head, _, rest = replies.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"content-length:" in head.lower()
    assert rest.startswith(b"HTTP/1.1 200")  # the HEAD sent no body: the next bytes are the GET's answer
    assert rest.rstrip().endswith(b"}")


def test_a_body_with_two_framings_is_refused_and_nothing_after_it_is_read(impatient_server: str) -> None:
    host, port = impatient_server.removeprefix("http://").split(":")
    smuggled = b"0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           b"Content-Length: " + str(len(smuggled)).encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
                           + smuggled)
        replies = _read_until_closed(connection)
    assert replies.startswith(b"HTTP/1.1 400") and b"ambiguous_length" in replies
    assert replies.count(b"HTTP/1.1 ") == 1  # the connection closed: no answer to the smuggled request


def test_a_body_that_trickles_in_gets_408_and_the_connection_back(impatient_server: str) -> None:
    host, port = impatient_server.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as half_sent:
        half_sent.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 100\r\n\r\n{\"question\": ")
        text = _read_until_closed(half_sent).decode()  # the server answers, then closes the connection
    assert text.startswith("HTTP/1.1 408")
    assert '"body_timeout"' in text
    assert time.monotonic() - started < 5
