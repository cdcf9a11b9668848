"""The benchmark suite (`make bench`): build, load, latency, throughput, memory, and the LangChain baseline.

Writes bench/results/latest.json and prints a markdown table. Every timing is a median over repeated runs with its
spread (min–max of the repeats); nothing here is asserted in tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from app.core.config import get_settings
from app.corpus.documents import load_documents
from app.embedding.encoder import TextEncoder
from app.indexing.builder import build_index
from app.service import Service
from bench.baseline import run_baseline
from bench.server import running_server
from bench.stats import percentile
from evals.dataset import load_rows
from evals.kinds import load_kind_rows

ROOT = Path(__file__).resolve().parents[1]
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "10"))


def say(message: str) -> None:
    """Progress on stderr, so stdout stays the table."""
    print(f"  {message}", file=sys.stderr, flush=True)


def summary(runs: list[list[float]]) -> dict:
    """p50/p95/p99 of each run, then the median over runs and the spread (min, max) of the p50s."""
    stats = [{"p50": percentile(r, 50), "p95": percentile(r, 95), "p99": percentile(r, 99)} for r in runs]
    out: dict[str, object] = {k: round(statistics.median(s[k] for s in stats), 2) for k in ("p50", "p95", "p99")}
    out["p50_spread"] = [round(min(s["p50"] for s in stats), 2), round(max(s["p50"] for s in stats), 2)]
    return out


def timed(seconds: list[float]) -> dict:
    """Median and spread of repeated one-off timings (seconds)."""
    return {"median_s": round(statistics.median(seconds), 2), "spread_s": [round(min(seconds), 2),
                                                                         round(max(seconds), 2)]}


def bench_build(encoder: TextEncoder) -> dict:
    """Index build cold (a new process: imports, model load, build) and warm (model already loaded)."""
    settings = get_settings()
    cold, warm = [], []
    for n in range(REPEATS):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "app", "build-index"], env=os.environ | {"INDEX_DIR": tmp},
                           check=True, capture_output=True)
            cold.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            build_index(settings.docs_dir, Path(tmp), encoder, settings.model_id)
            warm.append(time.perf_counter() - started)
        say(f"index build {n + 1}/{REPEATS}: cold {cold[-1]:.1f} s, warm {warm[-1]:.1f} s")
    return {"cold": timed(cold), "warm": timed(warm)}


def bench_model_load() -> dict:
    """Seconds to load the embedding model in a fresh process (imports included)."""
    code = ("import time; t=time.perf_counter(); from app.core.config import get_settings; "
            "from app.embedding.encoder import create_encoder; s=get_settings(); "
            "create_encoder(s); print(time.perf_counter()-t)")
    loads = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                  cwd=ROOT).stdout.split()[-1]) for _ in range(REPEATS)]
    say(f"model load: {statistics.median(loads):.2f} s")
    return timed(loads)


def bench_in_process(service: Service, questions: list[str]) -> dict:
    """Latency of the question embedding alone, of retrieval alone (analyse, embed, rank passages) and of whole
    answers, overall and per kind of answer given, in process. The embedding's mean bounds throughput: no answer
    comes faster than its question's vector."""
    engine = service.engine
    embedding, retrieval, answering = [], [], []
    by_kind: dict[str, list[list[float]]] = {}
    for _ in range(REPEATS):
        run_e, run_r, run_a = [], [], []
        run_k: dict[str, list[float]] = {}
        for question in questions:
            started = time.perf_counter()
            service.encoder.queries([question])
            run_e.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            engine.retrieve(question)
            run_r.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            kind = engine.ask(question).kind
            run_a.append((time.perf_counter() - started) * 1000)
            run_k.setdefault(kind, []).append(run_a[-1])
        for kind, times in run_k.items():
            by_kind.setdefault(kind, []).append(times)
        embedding.append(run_e)
        retrieval.append(run_r)
        answering.append(run_a)
    ceiling = round(1000 / statistics.median(statistics.mean(run) for run in embedding), 1)
    per_kind = {kind: summary(runs) | {"questions": len(runs[0])} for kind, runs in sorted(by_kind.items())}
    say(f"in process: embedding p50 {summary(embedding)['p50']} ms (at most {ceiling} questions/s), retrieval p50 "
        f"{summary(retrieval)['p50']} ms, answer p50 {summary(answering)['p50']} ms; per kind p50: "
        + ", ".join(f"{k} {v['p50']} ms" for k, v in per_kind.items()))
    return {"embedding_ms": summary(embedding), "embedding_ceiling_per_s": ceiling, "retrieval_ms": summary(retrieval),
            "answer_ms": summary(answering), "per_kind_ms": per_kind}


def bench_http(url: str, questions: list[str]) -> dict:
    """One client, sequential POST /api/ask over loopback."""
    runs = []
    with httpx.Client(base_url=url, timeout=30) as client:
        client.post("/api/ask", json={"question": questions[0]})
        for _ in range(REPEATS):
            run = []
            for question in questions:
                started = time.perf_counter()
                client.post("/api/ask", json={"question": question}).raise_for_status()
                run.append((time.perf_counter() - started) * 1000)
            runs.append(run)
    say(f"HTTP one client: p50 {summary(runs)['p50']} ms")
    return summary(runs)


def _wrk(url: str, connections: int, bodies: Path) -> dict:
    output = subprocess.run(
        ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{WRK_SECONDS}s", "--latency",
         "-s", str(ROOT / "bench" / "wrk_post.lua"), url],
        env=os.environ | {"WRK_BODIES": str(bodies)}, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"answers_per_s": rps, "p99_ms": float(p99.group(1)) * scale,  # type: ignore[union-attr]
            "non_2xx": int(errors.group(1)) if errors else 0}


def bench_throughput(url: str, questions: list[str]) -> dict:
    """Answers/s and p99 at 1, 4 and 8 concurrent connections, with wrk as the load generator."""
    if not shutil.which("wrk"):
        say("wrk is not installed (apt-get install wrk): throughput skipped")
        return {"skipped": "wrk not installed"}
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as bodies:
        bodies.writelines(json.dumps({"question": q}, ensure_ascii=False) + "\n" for q in questions)
    out = {}
    for connections in (1, 4, 8):
        runs = [_wrk(url, connections, Path(bodies.name)) for _ in range(REPEATS)]
        out[str(connections)] = {
            "answers_per_s": round(statistics.median(r["answers_per_s"] for r in runs), 1),
            "answers_per_s_spread": [round(min(r["answers_per_s"] for r in runs), 1),
                                     round(max(r["answers_per_s"] for r in runs), 1)],
            "p99_ms": round(statistics.median(r["p99_ms"] for r in runs), 1),
            "non_2xx": sum(r["non_2xx"] for r in runs),
        }
        say(f"{connections} concurrent: {out[str(connections)]['answers_per_s']} answers/s")
    Path(bodies.name).unlink()
    return out


def bench_baseline(service: Service, questions_file: Path) -> dict:
    """LangChain baseline vs ours on the eval set: recall@1/@5 and retrieval latency."""
    settings = get_settings()
    rows = load_rows([questions_file])
    report = load_documents(settings.docs_dir)[0].text
    baseline = run_baseline(report, settings.model_path, rows)
    answerable = [r for r in rows if r.answerable]
    ours_latency, hits1, hits5 = [], 0, 0
    for row in answerable:
        started = time.perf_counter()
        passages = service.engine.retrieve(row.question)
        ours_latency.append((time.perf_counter() - started) * 1000)
        paragraphs = [p.paragraph for p in passages]
        hits1 += bool(paragraphs) and paragraphs[0] == row.lines[0]
        hits5 += row.lines[0] in paragraphs
    ours = {"recall_at_1": round(hits1 / len(answerable), 3), "recall_at_5": round(hits5 / len(answerable), 3),
            "retrieval_p50_ms": round(percentile(ours_latency, 50), 2)}
    theirs = {"recall_at_1": round(baseline.recall_at_1, 3), "recall_at_5": round(baseline.recall_at_5, 3),
              "retrieval_p50_ms": round(percentile(baseline.latencies_ms, 50), 2), "chunks": baseline.chunks}
    say(f"baseline recall@1 {theirs['recall_at_1']} vs ours {ours['recall_at_1']}")
    return {"ours": ours, "langchain": theirs, "latency_ratio": round(theirs["retrieval_p50_ms"]
                                                                        / ours["retrieval_p50_ms"], 2)}


def table(results: dict) -> str:
    """The results as one markdown table."""
    b, h, t, base = results["build"], results["http_one_client_ms"], results["throughput"], results["baseline"]
    rows = [
        ("index build, cold (new process)", f"{b['cold']['median_s']} s", f"{b['cold']['spread_s']}"),
        ("index build, warm model", f"{b['warm']['median_s']} s", f"{b['warm']['spread_s']}"),
        ("model load (new process)", f"{results['model_load']['median_s']} s",
         f"{results['model_load']['spread_s']}"),
        ("process start → /readyz 200", f"{results['ready_s']['median_s']} s", f"{results['ready_s']['spread_s']}"),
    ]
    for name, key in (("question embedding alone, in process", "embedding_ms"),
                      ("retrieval alone, in process", "retrieval_ms"), ("answer, in process", "answer_ms")):
        s = results["in_process"][key]
        rows.append((f"{name} p50/p95/p99", f"{s['p50']} / {s['p95']} / {s['p99']} ms", f"p50 {s['p50_spread']}"))
    for kind, s in results["in_process"]["per_kind_ms"].items():
        rows.append((f"answer, in process, {kind} ({s['questions']} questions) p50/p95", f"{s['p50']} / {s['p95']} ms",
                     f"p50 {s['p50_spread']}"))
    rows.append(("embedding ceiling (1000 / mean embedding ms): no more answers/s than this",
                 f"{results['in_process']['embedding_ceiling_per_s']} questions/s", "uncached, one process"))
    rows.append(("POST /api/ask over HTTP p50/p95/p99", f"{h['p50']} / {h['p95']} / {h['p99']} ms",
                 f"p50 {h['p50_spread']}"))
    rows.append(("HTTP p50 / question embedding p50", f"{results['http_over_embedding']}×", "target ≤ 2×"))
    for c, s in t.items() if "skipped" not in t else []:
        rows.append((f"throughput, {c} concurrent", f"{s['answers_per_s']} answers/s, p99 {s['p99_ms']} ms",
                     f"{s['answers_per_s_spread']}, non-2xx {s['non_2xx']}"))
    c = results["http_cached_repeat_ms"]
    rows.append(("POST /api/ask, answer cache on, questions repeated p50/p99", f"{c['p50']} / {c['p99']} ms",
                 "median over passes; the first pass misses"))
    for c_, s_ in results["throughput_cached"].items() if "skipped" not in results["throughput_cached"] else []:
        rows.append((f"throughput, {c_} concurrent, answer cache on (repeated questions)",
                     f"{s_['answers_per_s']} answers/s, p99 {s_['p99_ms']} ms", f"{s_['answers_per_s_spread']}"))
    rows.append(("server peak RSS", f"{results['peak_rss_mb']:.0f} MiB", ""))
    rows.append(("recall@1 / @5: ours vs LangChain",
                 f"{base['ours']['recall_at_1']} / {base['ours']['recall_at_5']} vs "
                 f"{base['langchain']['recall_at_1']} / {base['langchain']['recall_at_5']}", ""))
    rows.append(("retrieval p50: ours vs LangChain",
                 f"{base['ours']['retrieval_p50_ms']} vs {base['langchain']['retrieval_p50_ms']} ms",
                 f"LangChain/ours = {base['latency_ratio']}×"))
    lines = ["| measure | value (median) | spread |", "|---|---|---|"]
    return "\n".join(lines + [f"| {a} | {b_} | {c} |" for a, b_, c in rows])


def main() -> None:
    """Run every benchmark and write bench/results/latest.json."""
    settings = get_settings()
    # Figure questions and every other kind (the blind kind dev set), as people ask them.
    questions = [r.question for r in load_rows([ROOT / "evals" / "questions.jsonl"])]
    questions += [r.question for r in load_kind_rows([ROOT / "evals" / "kinds-dev.jsonl"])]
    say(f"{len(questions)} questions, {REPEATS} repeats, engine {settings.encoder_backend}")
    # Every latency below is of real work: the answer cache is off, except where a line says it is on.
    service = Service.load(settings.model_copy(update={"answer_cache_size": 0}))
    results: dict = {"machine": {"cpus": os.cpu_count()}, "encoder_backend": settings.encoder_backend,
                     "repeats": REPEATS}
    results["build"] = bench_build(service.encoder)
    results["model_load"] = bench_model_load()
    results["in_process"] = bench_in_process(service, questions)
    results["baseline"] = bench_baseline(service, ROOT / "evals" / "questions.jsonl")
    del service
    ready = []
    no_cache = {"ANSWER_CACHE_SIZE": "0"}
    for n in range(REPEATS):
        with running_server(env=no_cache) as server:
            ready.append(server.ready_seconds)
            if n == REPEATS - 1:
                results["http_one_client_ms"] = bench_http(server.url, questions)
                results["throughput"] = bench_throughput(server.url, questions)
                results["peak_rss_mb"] = server.peak_rss_mb()
    results["ready_s"] = timed(ready)
    results["http_over_embedding"] = round(results["http_one_client_ms"]["p50"]
                                           / results["in_process"]["embedding_ms"]["p50"], 2)
    with running_server() as server:
        results["http_cached_repeat_ms"] = bench_http(server.url, questions)  # repeats 2+ hit the cache
        results["throughput_cached"] = bench_throughput(server.url, questions)
    out = ROOT / "bench" / "results" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(table(results))
    h = results["http_one_client_ms"]
    print(f"bench: /api/ask p50 {h['p50']} ms, p99 {h['p99']} ms; "
          f"{results['throughput'].get('8', {}).get('answers_per_s', 'n/a')} answers/s at 8 clients; "
          f"ready in {results['ready_s']['median_s']} s; RSS {results['peak_rss_mb']:.0f} MiB; results {out}")


if __name__ == "__main__":
    main()
