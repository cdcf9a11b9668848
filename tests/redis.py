"""A real Redis server for the tests, started from Debian's `redis-server` package on a free loopback port."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.server import free_port
from tests.servers import subprocess_server

SKIP_REASON = "Redis is not installed here: apt-get install redis-server (make test installs it)"


def redis_bin() -> str | None:
    return shutil.which("redis-server")


@contextmanager
def redis_server() -> Iterator[str]:
    """Start a throw-away server (no persistence) on loopback; yields its redis:// URL."""
    binary = redis_bin()
    if binary is None:
        raise FileNotFoundError(SKIP_REASON)
    root, port = Path(tempfile.mkdtemp(prefix="qa-redis-")), free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
               "--dir", str(root)]
    with subprocess_server(command, f"redis://127.0.0.1:{port}/0", root, _answers, "Redis") as url:
        yield url


def _answers(url: str) -> bool:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        return False
    return True
