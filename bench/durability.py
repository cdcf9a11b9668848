"""Durability under a crash (`make durability`): concurrent feedback writers and askers, `kill -9` of the server
mid-load, restart on the same data, and count. Every feedback write the server acknowledged (201 with an id) must be
found; of the questions it answered (200), at most QUERY_LOG_MAX_PENDING may be missing from the query log, which is
written in the background.

    python -m bench.durability [--writers 8] [--askers 4] [--seconds 3] [--max-pending 16]
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
from app.storage.query_log import QueryLog
from bench.server import running_server


@dataclass(frozen=True)
class DurabilityResult:
    acknowledged: int
    found_of_acknowledged: int
    attempted: int
    stored_in_all: int  # includes writes that landed but whose acknowledgement the crash cut off
    answered: int = 0  # questions answered (200) before the crash
    logged_of_answered: int = 0  # of them, found in the query log after the restart
    max_pending: int = 0

    @property
    def lost(self) -> int:
        return self.acknowledged - self.found_of_acknowledged

    @property
    def unlogged(self) -> int:
        return self.answered - self.logged_of_answered


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


def _asker(url: str, stop: threading.Event, answered: list[str]) -> None:
    """Asks until the server is gone; keeps the request id of every question answered."""
    questions = ["通辽2023年GDP是多少？", "今年计划新建多少个5G基站？", "粮食产量多少", "今年冬天供暖有什么打算？"]
    with httpx.Client(base_url=url, timeout=10) as client:
        n = 0
        while not stop.is_set():
            n += 1
            try:
                response = client.post("/api/ask", json={"question": questions[n % len(questions)]})
            except httpx.HTTPError:
                return
            if response.status_code == 200:
                answered.append(response.headers["x-request-id"])


def run(writers: int = 8, seconds: float = 3, data_dir: Path | None = None, askers: int = 4,
        max_pending: int = 16) -> DurabilityResult:
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="qa-durability-"))
    env = {"DATA_DIR": str(data_dir), "RATE_LIMIT": "off", "QUERY_LOG": "true",
           "QUERY_LOG_MAX_PENDING": str(max_pending)}
    acknowledged: list[str] = []
    attempts: list[int] = []
    answered: list[str] = []
    stop = threading.Event()
    with running_server(env=env) as server:
        threads = [threading.Thread(target=_writer, args=(server.url, f"w{i}", stop, acknowledged, attempts))
                   for i in range(writers)]
        threads += [threading.Thread(target=_asker, args=(server.url, stop, answered)) for _ in range(askers)]
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
        logged = {r.request_id for r in QueryLog(database, enabled=False).all()}
        database.close()
    found = sum(1 for feedback_id in acknowledged if feedback_id in stored)
    return DurabilityResult(len(acknowledged), found, len(attempts), len(stored), len(answered),
                            sum(1 for request_id in answered if request_id in logged), max_pending)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--askers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--max-pending", type=int, default=16, help="QUERY_LOG_MAX_PENDING of the server")
    args = parser.parse_args()
    result = run(args.writers, args.seconds, askers=args.askers, max_pending=args.max_pending)
    print(f"durability: {args.writers} writers and {args.askers} askers, kill -9 after {args.seconds:.0f} s: "
          f"{result.acknowledged} feedback writes acknowledged, {result.found_of_acknowledged} found after restart "
          f"({result.lost} lost; {result.attempted} attempted, {result.stored_in_all} stored in all); "
          f"{result.answered} questions answered, {result.logged_of_answered} in the query log ({result.unlogged} "
          f"missing, bound {result.max_pending})")
    if result.lost or result.unlogged > result.max_pending:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
