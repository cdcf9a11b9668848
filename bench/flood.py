"""The break test's two floods, re-run against a real server (`make flood`):

1. many distinct client addresses (X-Forwarded-For from loopback, a trusted proxy): the rate limiter's table, the
   server's memory, the time of a 429 and another client's /healthz latency while the flood runs;
2. many made-up HTTP methods: the size and scrape time of /metrics.

    python -m bench.flood [--addresses 130000] [--methods 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import threading
import time
from pathlib import Path

import httpx

from bench.server import BenchServer, running_server

RESULTS = Path(__file__).parent / "results"
CONCURRENCY = 16


def _rss_mb(server: BenchServer) -> float:
    for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _flood(url: str, total: int, request: object, label: str) -> None:
    """`total` requests made by `request(client, n)`, CONCURRENCY at a time, with a progress line."""
    done = 0
    started = time.perf_counter()

    async def worker(client: httpx.AsyncClient, start: int) -> None:
        nonlocal done
        for n in range(start, total, CONCURRENCY):
            await request(client, n)  # type: ignore[operator]
            done += 1
            if done % 10_000 == 0:
                rate = done / (time.perf_counter() - started)
                print(f"  {label}: {done:,}/{total:,} ({rate:,.0f}/s)", flush=True)

    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        await asyncio.gather(*(worker(client, i) for i in range(CONCURRENCY)))


def _healthz_while(url: str, stop: threading.Event, samples: list[float]) -> None:
    """Another client asking /healthz every 20 ms, timing each."""
    with httpx.Client(base_url=url, timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            client.get("/healthz")
            samples.append((time.perf_counter() - started) * 1000)
            time.sleep(0.02)


def _time_429s(url: str, count: int) -> float:
    """Median ms of a 429 for a client that has used up its bucket."""
    headers = {"x-forwarded-for": "203.0.113.250", "content-type": "text/plain"}
    times: list[float] = []
    with httpx.Client(base_url=url, timeout=30) as client:
        while len(times) < count:
            started = time.perf_counter()
            response = client.post("/api/ask", content=b"x", headers=headers)
            if response.status_code == 429:
                times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def addresses(server: BenchServer, total: int) -> dict:
    idle_healthz: list[float] = []
    _healthz_while_for(server.url, 1.0, idle_healthz)
    rss_before = _rss_mb(server)

    async def one(client: httpx.AsyncClient, n: int) -> None:
        # A cheap request (415: not JSON) that still passes the rate limiter, from a new address each time.
        address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        await client.post("/api/ask", content=b"x", headers={"x-forwarded-for": address, "content-type": "text/plain"})

    samples: list[float] = []
    stop = threading.Event()
    watcher = threading.Thread(target=_healthz_while, args=(server.url, stop, samples))
    watcher.start()
    asyncio.run(_flood(server.url, total, one, "addresses"))
    stop.set()
    watcher.join()
    # Then one client over its limit keeps asking while another asks /healthz.
    limited: list[float] = []
    stop = threading.Event()
    watcher = threading.Thread(target=_healthz_while, args=(server.url, stop, limited))
    watcher.start()
    ms_per_429 = _time_429s(server.url, 200)
    stop.set()
    watcher.join()
    return {"addresses": total, "rss_mb_before": round(rss_before, 1), "rss_mb_after": round(_rss_mb(server), 1),
            "healthz_ms_idle_median": round(statistics.median(idle_healthz), 2),
            "healthz_ms_during_flood_median": round(statistics.median(samples), 2),
            "ms_per_429_after_flood_median": round(ms_per_429, 2),
            "healthz_ms_during_429s_median": round(statistics.median(limited), 2)}


def _healthz_while_for(url: str, seconds: float, samples: list[float]) -> None:
    stop = threading.Event()
    threading.Timer(seconds, stop.set).start()
    _healthz_while(url, stop, samples)


def methods(server: BenchServer, total: int) -> dict:
    def scrape() -> tuple[int, float]:
        started = time.perf_counter()
        body = httpx.get(f"{server.url}/metrics", timeout=60).content
        return len(body), (time.perf_counter() - started) * 1000

    size_before, _ = scrape()

    async def one(client: httpx.AsyncClient, n: int) -> None:
        await client.request(f"M{n:05d}X", "/")

    asyncio.run(_flood(server.url, total, one, "methods"))
    size_after, scrape_ms = scrape()
    return {"methods": total, "metrics_bytes_before": size_before, "metrics_bytes_after": size_after,
            "scrape_ms_after": round(scrape_ms, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--addresses", type=int, default=130_000)
    parser.add_argument("--methods", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=RESULTS / "flood.json")
    args = parser.parse_args()
    print(f"==> flooding a real server: {args.addresses:,} client addresses, then {args.methods:,} made-up methods")
    with running_server(env={"RATE_LIMIT": "60/minute"}) as server:
        result = addresses(server, args.addresses) | methods(server, args.methods)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"flood: RSS {result['rss_mb_before']} → {result['rss_mb_after']} MiB after {args.addresses:,} addresses; "
          f"/healthz median {result['healthz_ms_idle_median']} ms idle, {result['healthz_ms_during_flood_median']} "
          f"ms during, {result['healthz_ms_during_429s_median']} ms while a client gets 429s, each 429 "
          f"{result['ms_per_429_after_flood_median']} ms; /metrics "
          f"{result['metrics_bytes_before']:,} → {result['metrics_bytes_after']:,} bytes after {args.methods:,} "
          f"methods, scraped in {result['scrape_ms_after']} ms → {args.out}")


if __name__ == "__main__":
    main()
