"""Run eval sets through the real HTTP app and report accuracy, refusals, citations, retrieval and latency."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

import httpx

from app.core.config import get_settings
from app.corpus.documents import load_documents
from evals.conversations import (
    Conversation,
    check_conversations,
    is_conversation_set,
    load_conversations,
    score_turn,
    summarise_conversations,
)
from evals.dataset import EvalRow, check_rows, load_rows
from evals.kinds import (
    KindRow,
    check_kind_rows,
    is_kind_set,
    kind_below_thresholds,
    load_kind_rows,
    score_kind_row,
    summarise_kinds,
)
from evals.scoring import RowResult, below_thresholds, score_row, summarise

Post = Callable[[str], dict]
RowT = TypeVar("RowT", EvalRow, KindRow)


class HttpClient(Protocol):
    """What the runner needs of a client: httpx's, or the in-process TestClient's."""

    def post(self, url: str, *, json: Any = None) -> Any: ...


@contextmanager
def http_client(url: str | None) -> Iterator[HttpClient]:
    """A running server at `url`, or the app served in-process through its ASGI interface (lifespan runs: real
    model, real index). Both answer `.post(path, json=...)`."""
    if url:
        with httpx.Client(base_url=url, timeout=30) as client:
            yield client
        return
    from fastapi.testclient import TestClient

    from app.main import create_app

    # Batch evaluation is a trusted caller: no rate limit, and its questions stay out of the query log.
    with TestClient(create_app(get_settings().model_copy(update={"rate_limit": "off", "query_log": False}))) as client:
        yield client


@contextmanager
def asker(url: str | None) -> Iterator[Post]:
    """POST /api/ask of a running server or the in-process app, as a function of the question."""
    with http_client(url) as client:
        yield lambda q: client.post("/api/ask", json={"question": q, "include_retrieval": True}).json()


def _ask_all(rows: Sequence[RowT], post: Post, score: Callable[[RowT, dict, float], RowResult],
             progress: bool) -> list[RowResult]:
    """Ask every row's question, timing it, and score the answer."""
    results = []
    for number, row in enumerate(rows, start=1):
        started = time.perf_counter()
        body = post(row.question)
        results.append(score(row, body, (time.perf_counter() - started) * 1000))
        if progress and (number % 25 == 0 or number == len(rows)):
            print(f"  {number}/{len(rows)} asked, {sum(r.correct for r in results)} correct so far", file=sys.stderr)
    return results


def _documents() -> dict[str, str]:
    return {d.doc_id: d.text for d in load_documents(get_settings().docs_dir)}


def run(rows: list[EvalRow], post: Post, progress: bool = True) -> list[RowResult]:
    """Ask every question and score it."""
    documents = _documents()
    partners: dict[str, list[EvalRow]] = {}
    for row in rows:
        if row.pair:
            partners.setdefault(row.pair, []).append(row)

    def score(row: EvalRow, body: dict, latency: float) -> RowResult:
        partner = next((p for p in partners.get(row.pair or "", []) if p.id != row.id), None)
        return score_row(row, body, documents, partner, latency)

    return _ask_all(rows, post, score, progress)


def run_kinds(rows: list[KindRow], post: Post, progress: bool = True) -> list[RowResult]:
    """Ask every question of a kind set and score it."""
    documents = _documents()
    return _ask_all(rows, post, lambda row, body, latency: score_kind_row(row, body, documents, latency), progress)


def format_kind_table(summary: dict) -> str:
    """A kind summary as markdown tables."""
    return _tables(summary, ("answerable_accuracy", "unanswerable_refused", "quotes_verbatim"),
                   (("kind", "by_kind"), ("style", "by_style")))


def _tables(summary: dict, metrics: tuple[str, ...], groups: tuple[tuple[str, str], ...],
            extra_rows: list[str] | None = None) -> str:
    """A metric table (and any extra rows), then an accuracy table per group (kind, style…), in markdown."""
    lines = ["| metric | value |", "|---|---|"]
    lines += [f"| {key} | {_pct(summary[key])} |" for key in metrics] + (extra_rows or [])
    for title, key in groups:
        lines += ["", f"| {title} | n | accuracy |", "|---|---|---|"]
        lines += [f"| {name} | {g['n']} | {_pct(g['accuracy'])} |" for name, g in summary[key].items()]
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def format_table(summary: dict) -> str:
    """The summary as markdown tables."""
    latency = f"| latency mean / p95 | {summary['latency_ms_mean']} ms / {summary['latency_ms_p95']:.1f} ms |"
    return _tables(summary, ("single_figure_accuracy", "compound_accuracy", "unanswerable_refused",
                             "year_pair_accuracy", "refusal_precision", "refusal_recall", "citation_correct",
                             "quotes_verbatim", "retrieval_recall_at_1", "retrieval_recall_at_5"),
                   (("kind", "by_kind"), ("style", "by_style")), [latency])


def main(argv: list[str]) -> int:
    """`python -m evals FILE... [--url URL] [--report PATH]`: exit 1 below the thresholds."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m evals")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--url", help="a running server; default: the app in-process")
    parser.add_argument("--report", type=Path, default=Path("evals/reports/latest.json"))
    args = parser.parse_args(argv)
    report_text = "\n".join(d.text for d in load_documents(get_settings().docs_dir))
    if all(is_conversation_set(path) for path in args.files):
        return _main_conversations(args.files, args.url, args.report, report_text)
    if all(is_kind_set(path) for path in args.files):
        return _main_kinds(args.files, args.url, args.report, report_text)
    rows = load_rows(args.files)
    problems = check_rows(rows, report_text)
    if _has_problems(problems):
        return 2
    print(f"==> asking {len(rows)} questions", file=sys.stderr)
    with asker(args.url) as post:
        results = run(rows, post)
    summary = summarise(results, rows)
    return _report(results, summary, format_table(summary), below_thresholds(summary), args.report)


def _main_kinds(files: list[Path], url: str | None, report: Path, report_text: str) -> int:
    rows = load_kind_rows(files)
    problems = check_kind_rows(rows, report_text)
    if _has_problems(problems):
        return 2
    print(f"==> asking {len(rows)} questions", file=sys.stderr)
    with asker(url) as post:
        results = run_kinds(rows, post)
    summary = summarise_kinds(results)
    return _report(results, summary, format_kind_table(summary), kind_below_thresholds(summary), report)


def run_conversations(conversations: list[Conversation], client: HttpClient,
                      progress: bool = True) -> list[RowResult]:
    """Each conversation's turns in order through POST /api/chat, each answer scored as its turn."""
    documents = _documents()
    results = []
    for number, conversation in enumerate(conversations, start=1):
        conversation_id = None
        for turn in conversation.turns:
            started = time.perf_counter()
            response = client.post("/api/chat", json={"message": turn.question, "conversation_id": conversation_id})
            if response.status_code != 200:  # a 429 or 5xx would silently restart the conversation
                raise RuntimeError(f"{turn.id}: HTTP {response.status_code} {response.text[:200]}")
            body = response.json()
            conversation_id = body.get("conversation_id")
            result = score_turn(turn, body, documents, (time.perf_counter() - started) * 1000)
            if not result.correct:
                result.reasons.append(f"understood as {body.get('resolved_question')!r}")
            results.append(result)
        if progress and (number % 10 == 0 or number == len(conversations)):
            print(f"  {number}/{len(conversations)} conversations, {sum(r.correct for r in results)}/{len(results)} "
                  "turns right so far", file=sys.stderr)
    return results


def format_conversation_table(summary: dict) -> str:
    """A conversation summary as markdown tables."""
    return _tables(summary, ("first_turn_accuracy", "follow_up_accuracy", "conversation_accuracy", "quotes_verbatim"),
                   (("follow-ups by style", "by_style"), ("follow-ups by want", "by_want")))


def _main_conversations(files: list[Path], url: str | None, report: Path, report_text: str) -> int:
    conversations = load_conversations(files)
    problems = check_conversations(conversations, report_text)
    if _has_problems(problems):
        return 2
    print(f"==> holding {len(conversations)} conversations", file=sys.stderr)
    with http_client(url) as client:
        results = run_conversations(conversations, client)
    summary = summarise_conversations(conversations, results)
    missed = [] if summary["quotes_verbatim"] == 1 else ["quotes_verbatim < 100%"]
    return _report(results, summary, format_conversation_table(summary), missed, report)


def _has_problems(problems: list[str]) -> bool:
    """Print the gold data's problems, if any, saying to fix them first."""
    if problems:
        print("the eval set has problems; fix the rows first:\n  " + "\n  ".join(problems), file=sys.stderr)
    return bool(problems)


def _report(results: list[RowResult], summary: dict, table: str, missed: list[str], report: Path) -> int:
    """Write the JSON report, print the table, the failures and a one-line verdict; exit 1 below the thresholds."""
    failures = [r.to_dict() for r in results if not r.correct]
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps({"summary": summary, "failures": failures,
                                  "results": [r.to_dict() for r in results]}, ensure_ascii=False, indent=2))
    print(table)
    for failure in failures:
        print(f"  ✗ {failure['id']} [{failure['kind']}] {failure['reasons']}: {failure['answer'][:80]}")
    print(f"eval: {sum(r.correct for r in results)}/{len(results)} correct; "
          f"{'below thresholds: ' + '; '.join(missed) if missed else 'all thresholds met'}; report {report}")
    return 1 if missed else 0
