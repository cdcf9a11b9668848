"""Time to the first event and to the final event of /api/chat streams, over real HTTP on loopback.

Usage: python -m bench.stream_timing [N]   (prints a markdown table and a one-line summary)
"""

from __future__ import annotations

import statistics
import sys
import time

import httpx

from bench.server import running_server
from bench.stats import percentile

QUESTIONS = ["今年计划新建多少个5G基站？", "通辽2023年GDP是多少？", "How fast did rural incomes grow in 2023?",
             "5G基站去年建了多少、今年计划多少", "通辽有几个民用机场？"]


def _one(client: httpx.Client, question: str) -> tuple[float, float]:
    started = time.perf_counter()
    first = None
    with client.stream("POST", "/api/chat", json={"message": question, "stream": True}) as response:
        for line in response.iter_lines():
            if first is None and line.startswith("event:"):
                first = time.perf_counter() - started
    return (first or 0.0) * 1000, (time.perf_counter() - started) * 1000


def main(rounds: int) -> None:
    """Stream every question `rounds` times and report medians and p95."""
    # The answer cache is off: every stream does the real work.
    no_cache = {"ANSWER_CACHE_SIZE": "0"}
    with running_server(env=no_cache) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        _one(client, QUESTIONS[0])  # warm-up
        timings = []
        for n in range(rounds):
            timings += [_one(client, q) for q in QUESTIONS]
            print(f"  round {n + 1}/{rounds}", file=sys.stderr)
    firsts, finals = [t[0] for t in timings], [t[1] for t in timings]

    print("| measure | median ms | p95 ms |\n|---|---|---|")
    print(f"| first event (meta) | {statistics.median(firsts):.1f} | {percentile(firsts, 95):.1f} |")
    print(f"| final event (done) | {statistics.median(finals):.1f} | {percentile(finals, 95):.1f} |")
    print(f"stream timing: {len(timings)} streams, server ready in {server.ready_seconds:.1f} s, first event median "
          f"{statistics.median(firsts):.1f} ms, final event median {statistics.median(finals):.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
