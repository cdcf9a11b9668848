"""A bounded load test on loopback (`make load`): concurrent clients on mixed endpoints for a fixed time.

Each client has its own API key (so its own rate-limit bucket); every response other than 2xx and the intended 429s
counts as an error. Prints a markdown table of latency percentiles per endpoint and writes bench/results/load.json.

    python -m bench.load [--clients 8] [--seconds 60] [--rate-limit 600/minute]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

from app.api.access import hash_key
from bench.server import running_server
from bench.stats import percentile
from evals.dataset import load_rows

RESULTS = Path(__file__).parent / "results"


def _requests(questions: list[str]) -> list[tuple[str, float, object]]:
    """(endpoint, weight, body maker): the mix a public deployment sees."""
    def ask() -> dict:
        return {"question": random.choice(questions)}

    def chat() -> dict:
        return {"message": random.choice(questions)}

    def stream() -> dict:
        return {"message": random.choice(questions), "stream": True}

    def feedback() -> dict:
        return {"verdict": random.choice(["correct", "wrong_figure", "not_found"]),
                "question": random.choice(questions), "answer": "…", "channel": "widget"}

    def completion() -> dict:
        return {"model": "tongliao-report-qa", "messages": [{"role": "user", "content": random.choice(questions)}]}

    return [("POST /api/ask", 0.45, ask), ("POST /api/chat", 0.15, chat), ("POST /api/chat (SSE)", 0.1, stream),
            ("POST /api/feedback", 0.1, feedback), ("POST /v1/chat/completions", 0.1, completion),
            ("GET /readyz", 0.05, None), ("GET /widget.js", 0.05, None)]


def _client_loop(url: str, key: str, deadline: float, mix: list, results: dict, lock: threading.Lock) -> None:
    names = [m[0] for m in mix]
    weights = [m[1] for m in mix]
    makers = {m[0]: m[2] for m in mix}
    with httpx.Client(base_url=url, timeout=30, headers={"x-api-key": key}) as client:
        while time.monotonic() < deadline:
            name = random.choices(names, weights)[0]
            method, path = name.split(" ")[:2]
            started = time.perf_counter()
            status: int | str
            try:
                if method == "GET":
                    response = client.get(path)
                else:
                    response = client.post(path, json=makers[name]())
                    response.read()
                status = response.status_code
            except httpx.HTTPError as error:
                status = f"{type(error).__name__}"
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                results[name].append((status, elapsed))


def run(clients: int, seconds: float, rate_limit: str) -> dict:
    questions = [row.question for row in load_rows([Path(__file__).parents[1] / "evals" / "questions.jsonl"])]
    keys = [f"load-client-{n}" for n in range(clients)]
    env = {"RATE_LIMIT": rate_limit, "API_KEY_HASHES": json.dumps([hash_key(k) for k in keys]),
           "ANSWER_CACHE_SIZE": "1024", "LOG_FORMAT": "json"}
    results: dict[str, list] = defaultdict(list)
    lock = threading.Lock()
    mix = _requests(questions)
    with running_server(env=env) as server:
        print(f"==> {clients} clients for {seconds:.0f} s against {server.url} (RATE_LIMIT={rate_limit})", flush=True)
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=_client_loop, args=(server.url, k, deadline, mix, results, lock))
                   for k in keys]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            time.sleep(10)
            done = sum(len(v) for v in results.values())
            print(f"    {done} requests so far", flush=True)
        for thread in threads:
            thread.join()
        rss = server.peak_rss_mb()
    table: dict[str, dict] = {}
    for name, rows in sorted(results.items()):
        ok = [ms for status, ms in rows if isinstance(status, int) and status < 300]
        limited = sum(1 for status, _ in rows if status == 429)
        errors = len(rows) - len(ok) - limited
        table[name] = {"requests": len(rows), "ok": len(ok), "rate_limited_429": limited, "errors": errors,
                       "p50_ms": round(percentile(ok, 50), 1), "p95_ms": round(percentile(ok, 95), 1),
                       "p99_ms": round(percentile(ok, 99), 1),
                       "mean_ms": round(statistics.fmean(ok), 1) if ok else None,
                       "error_statuses": sorted({str(s) for s, _ in rows if not (isinstance(s, int) and
                                                                                   (s < 300 or s == 429))})}
    total = sum(v["requests"] for v in table.values())
    return {"clients": clients, "seconds": seconds, "rate_limit": rate_limit, "total_requests": total,
            "requests_per_second": round(total / seconds, 1), "errors": sum(v["errors"] for v in table.values()),
            "rate_limited_429": sum(v["rate_limited_429"] for v in table.values()), "peak_rss_mb": round(rss),
            "endpoints": table}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate-limit", default="600/minute")
    args = parser.parse_args()
    report = run(args.clients, args.seconds, args.rate_limit)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print("\n| endpoint | requests | ok | 429 | errors | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|---|")
    for name, row in report["endpoints"].items():
        print(f"| {name} | {row['requests']} | {row['ok']} | {row['rate_limited_429']} | {row['errors']} | "
              f"{row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} |")
    print(f"\nload test: {report['total_requests']} requests in {args.seconds:.0f} s "
          f"({report['requests_per_second']}/s) from {args.clients} clients, {report['errors']} errors, "
          f"{report['rate_limited_429']} intended 429s, server peak RSS {report['peak_rss_mb']} MiB")
    if report["errors"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
