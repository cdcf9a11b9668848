"""Durability under a crash (`make durability`): concurrent feedback writers, `kill -9` of the server mid-load,
restart on the same data, and count: every write the server acknowledged (201 with an id) must be found.

    python -m bench.durability [--writers 8] [--seconds 3]
"""

from __future__ import annotations

import argparse
import os
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.storage.database import open_database
from app.storage.feedback import FeedbackStore
from bench.server import running_server


@dataclass(frozen=True)
class DurabilityResult:
    acknowledged: int
    found_of_acknowledged: int
    attempted: int
    stored_in_all: int  # includes writes that landed but whose acknowledgement the crash cut off

    @property
    def lost(self) -> int:
        return self.acknowledged - self.found_of_acknowledged


def _writer(url: str, name: str, stop: threading.Event, acknowledged: list[str], attempts: list[int]) -> None:
    with httpx.Client(base_url=url, timeout=10) as client:
        n = 0
        while not stop.is_set():
            n += 1
            attempts.append(1)
            body = {"verdict": "wrong_figure", "question": f"durability {name} #{n}", "answer": "…",
                    "channel": "api"}
            try:
                response = client.post("/api/feedback", json=body)
            except httpx.HTTPError:
                return  # the server is gone: what was not acknowledged does not count
            if response.status_code == 201:
                acknowledged.append(response.json()["feedback_id"])


def run(writers: int = 8, seconds: float = 3, data_dir: Path | None = None) -> DurabilityResult:
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="qa-durability-"))
    env = {"DATA_DIR": str(data_dir), "RATE_LIMIT": "off", "QUERY_LOG": "false"}
    acknowledged: list[str] = []
    attempts: list[int] = []
    stop = threading.Event()
    with running_server(env=env) as server:
        threads = [threading.Thread(target=_writer, args=(server.url, f"w{i}", stop, acknowledged, attempts))
                   for i in range(writers)]
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        os.kill(server.pid, signal.SIGKILL)  # mid-load, writes in flight
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
    with running_server(env=env):  # restart on the same data: the store opens (and recovers) as in production
        database = open_database(data_dir)
        stored = {f.feedback_id for f in FeedbackStore(database).all()}
        database.close()
    found = sum(1 for feedback_id in acknowledged if feedback_id in stored)
    return DurabilityResult(len(acknowledged), found, len(attempts), len(stored))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=3)
    args = parser.parse_args()
    result = run(args.writers, args.seconds)
    print(f"durability: {args.writers} writers, kill -9 after {args.seconds:.0f} s: {result.acknowledged} writes "
          f"acknowledged, {result.found_of_acknowledged} of them found after restart ({result.lost} lost); "
          f"{result.attempted} attempted, {result.stored_in_all} stored in all")
    if result.lost:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
