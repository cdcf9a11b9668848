"""Start the real server in a subprocess on a free port, for benchmarks that measure over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


@dataclass(frozen=True)
class BenchServer:
    """A running server: where it listens, how long it took to be ready, and its process id."""

    url: str
    ready_seconds: float
    pid: int

    def peak_rss_mb(self) -> float:
        """The server process's peak resident memory so far (VmHWM), in MiB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(timeout: float = 120, env: dict[str, str] | None = None,
                   log: Path | None = None) -> Iterator[BenchServer]:
    """A freshly started `python -m app serve`, timed from process start to /readyz 200 (its log lines go to `log`
    when given)."""
    port = free_port()
    # The load generator is one client: the per-client rate limit would measure itself.
    environment = os.environ | {"PORT": str(port), "HOST": "127.0.0.1", "RATE_LIMIT": "off"} | (env or {})
    started = time.perf_counter()
    log_file = log.open("w") if log else subprocess.DEVNULL
    process = subprocess.Popen([sys.executable, "-m", "app", "serve"], env=environment, stdout=subprocess.DEVNULL,
                               stderr=log_file)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError("the server exited during start-up; run `python -m app serve` to see why")
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"the server was not ready within {timeout} s")
            time.sleep(0.02)
        yield BenchServer(url, time.perf_counter() - started, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=15)
        if log:
            log_file.close()  # type: ignore[union-attr]
