"""A real Redis server for the tests, started from Debian's `redis-server` package on a free loopback port."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from bench.server import free_port

SKIP_REASON = "Redis is not installed here: apt-get install redis-server (make test installs it)"


def redis_bin() -> str | None:
    return shutil.which("redis-server")


@contextmanager
def redis_server() -> Iterator[str]:
    """Start a throw-away server (no persistence) on loopback; yields its redis:// URL."""
    binary = redis_bin()
    if binary is None:
        raise FileNotFoundError(SKIP_REASON)
    root, port = tempfile.mkdtemp(prefix="qa-redis-"), free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", root], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_for(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


def _wait_for(url: str, server: subprocess.Popen) -> None:
    import redis

    deadline = time.monotonic() + 30
    while True:
        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
            return
        except redis.ConnectionError as error:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Redis did not start") from error
            time.sleep(0.1)
