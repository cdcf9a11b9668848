"""Servers for tests: the app served for real on loopback, in a thread, for clients that need a socket; and
throw-away database servers (PostgreSQL, Redis) run as subprocesses in a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from bench.server import free_port


@contextmanager
def uvicorn_in_thread(app: Any, **config: Any) -> Iterator[str]:
    """Serve `app` with uvicorn on a free port (extra uvicorn.Config options allowed); yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def subprocess_server(command: list[str], url: str, root: Path, answers: Callable[[str], bool],
                      name: str) -> Iterator[str]:
    """Run `command` until `answers(url)` (within 30 s), yield the URL, then stop it and delete `root`."""
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not answers(url):
            if server.poll() is not None or time.monotonic() > deadline:
                log = server.stderr.read().decode(errors="replace") if server.stderr else ""
                raise RuntimeError(f"{name} did not start: {log}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)
