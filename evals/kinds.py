"""Eval rows for every kind of question (names, lists, measures, yes/no, definitions, overviews, purposes,
comparisons, and questions the report does not answer): reading, checking and scoring them."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from evals.dataset import is_kind_set as is_kind_set
from evals.dataset import json_objects
from evals.scoring import RowResult, figure_found, quotes_verbatim

WANTS = {"name", "list", "measures", "yesno", "definition", "overview", "purpose", "comparison", "unanswerable"}
STYLES = {"formal", "colloquial", "paraphrase", "english", "variant"}
MISSING = {"procedure", "official", "other_year", "outside", "near_miss", "not_mentioned"}
# The longest answer that still reads as an answer of its kind (issue 12: a name ≤ 200, a list ≤ 400, measures ≤ 500).
MAX_CHARS = {"name": 200, "list": 400, "measures": 500, "yesno": 250, "definition": 300, "overview": 500,
             "purpose": 250, "comparison": 300}
# Lists and plans may be answered with more or other items than the gold names: this share of gold items must show.
SHARE_SHOWN = {"list": 0.75, "overview": 0.75, "measures": 0.5}


@dataclass(frozen=True)
class KindRow:
    """One question and what a correct answer shows."""

    id: str
    question: str
    want: str
    style: str
    lines: list[int]
    expect: list[str]
    expect_any: list[str]
    computed: str | None = None
    missing: str | None = None

    @property
    def answerable(self) -> bool:
        """False for rows the report cannot answer."""
        return self.want != "unanswerable"


def load_kind_rows(paths: list[Path]) -> list[KindRow]:
    """All rows of the given files, in order."""
    return [parse_kind_row(raw, raw["id"], raw["question"], raw["style"]) for raw in json_objects(paths)]


def parse_kind_row(raw: dict, row_id: str, question: str, style: str) -> KindRow:
    """A kind row from its JSON fields (a conversation's turn gives its id, message and style from outside)."""
    return KindRow(row_id, question, raw["want"], style, raw.get("lines") or [], raw.get("expect") or [],
                   raw.get("expect_any") or [], raw.get("computed"), raw.get("missing"))


def check_kind_rows(rows: list[KindRow], report_text: str) -> list[str]:
    """Problems with the gold data: every expected string must stand in the row's lines."""
    lines = report_text.split("\n")
    ids = [r.id for r in rows]
    problems = [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for row in rows:
        if row.want not in WANTS or row.style not in STYLES:
            problems.append(f"{row.id}: unknown want {row.want!r} or style {row.style!r}")
        if not row.answerable:
            if row.lines or row.expect or row.missing not in MISSING:
                problems.append(f"{row.id}: unanswerable rows have no lines, no expect and a `missing` reason")
            continue
        if not row.lines or not all(1 <= n <= len(lines) for n in row.lines):
            problems.append(f"{row.id}: lines {row.lines} are not lines of the report")
            continue
        text = " ".join(lines[n - 1] for n in row.lines)
        problems += [f"{row.id}: {s!r} is not in lines {row.lines}" for s in row.expect + row.expect_any
                     if s not in text]
        if not (row.expect or row.expect_any):
            problems.append(f"{row.id}: nothing expected")
    return problems


def _shown(expected: str, text: str) -> bool:
    """The expected string stands in the text (a figure whole, not inside a longer number)."""
    if re.match(r"\d", expected):
        return figure_found([expected], text)
    return expected.replace(" ", "") in text.replace(" ", "")


def _number_shown(number: str, text: str) -> bool:
    value = float(number)
    for found in re.findall(r"\d+(?:\.\d+)?", text.replace(",", "")):
        if math.isclose(float(found), value, rel_tol=1e-6, abs_tol=1e-9):
            return True
    return False


def score_kind_row(row: KindRow, body: dict, documents: dict[str, str], latency_ms: float) -> RowResult:
    """Score one response body of POST /api/ask against a kind row."""
    text, answerable = body.get("answer", ""), bool(body.get("answerable"))
    citations = body.get("citations", [])
    reasons: list[str] = []
    verbatim = quotes_verbatim(citations, documents)
    if not verbatim:
        reasons.append("a cited quote is not verbatim")
    if not row.answerable:
        if answerable:
            reasons.append("answered a question the report does not answer")
        return RowResult(row.id, row.want, row.style, False, False, answerable, not reasons, None, verbatim, None,
                         latency_ms, text, reasons)
    if not answerable:
        reasons.append("refused")
    shown_text = text + " " + " ".join(item.get("text", "") for item in body.get("items") or [])
    if row.expect:
        shown = [s for s in row.expect if _shown(s, shown_text)]
        needed = math.ceil(SHARE_SHOWN.get(row.want, 1.0) * len(row.expect))
        if len(shown) < needed:
            reasons.append(f"shows {len(shown)}/{len(row.expect)} expected (needs {needed}): "
                           f"missing {[s for s in row.expect if s not in shown][:4]}")
    elif not any(_shown(s, shown_text) for s in row.expect_any):
        reasons.append(f"shows none of {row.expect_any}")
    if row.computed and not _number_shown(row.computed, text):
        reasons.append(f"computed {row.computed} not shown")
    limit = MAX_CHARS[row.want]
    if len(text) > limit:
        reasons.append(f"answer has {len(text)} > {limit} characters")
    cited = any(c["paragraph"] in row.lines for c in citations)
    if answerable and not cited:
        reasons.append(f"cites none of lines {row.lines}")
    retrieved = [p["paragraph"] for p in body.get("retrieval") or []]
    rank = next((i for i, p in enumerate(retrieved, start=1) if p in row.lines), None)
    return RowResult(row.id, row.want, row.style, False, True, answerable, not reasons, cited, verbatim, rank,
                     latency_ms, text, reasons)


def summarise_kinds(results: list[RowResult]) -> dict:
    """Accuracy per kind and style, answerable vs refused."""
    def rate(group: list[RowResult]) -> float | None:
        return round(sum(r.correct for r in group) / len(group), 4) if group else None

    answerable = [r for r in results if r.answerable_gold]
    unanswerable = [r for r in results if not r.answerable_gold]
    return {
        "questions": len(results),
        "answerable_accuracy": rate(answerable),
        "unanswerable_refused": rate(unanswerable),
        "quotes_verbatim": round(sum(r.quotes_verbatim for r in results) / len(results), 4) if results else None,
        "by_kind": {k: {"n": len(g), "accuracy": rate(g)} for k in sorted({r.kind for r in results})
                    for g in [[r for r in results if r.kind == k]]},
        "by_style": {s: {"n": len(g), "accuracy": rate(g)} for s in sorted({r.style for r in results})
                     for g in [[r for r in results if r.style == s]]},
    }


# The bar `make eval` and the test run hold the service to on the kind sets.
KIND_THRESHOLDS = {"answerable_accuracy": 0.75, "unanswerable_refused": 0.95, "quotes_verbatim": 1.0}


def kind_below_thresholds(summary: dict) -> list[str]:
    """The thresholds a kind summary misses, as readable lines."""
    return [f"{name} {summary[name]} < {bar}" for name, bar in KIND_THRESHOLDS.items()
            if summary[name] is not None and summary[name] < bar]
