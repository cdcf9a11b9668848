"""Scoring one answer against one eval row, and summarising a run."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from evals.dataset import EvalRow

MAX_SINGLE_CHARS, MAX_COMPOUND_CHARS = 160, 300


@dataclass
class RowResult:
    """What happened to one question."""

    id: str
    kind: str
    style: str
    compound: bool
    answerable_gold: bool
    answerable: bool
    correct: bool
    citation_correct: bool | None
    quotes_verbatim: bool
    retrieved_at: int | None  # 1-based rank of the gold line among retrieved passages
    latency_ms: float
    answer: str
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain dict for the JSON report."""
        return asdict(self)


def quotes_verbatim(citations: list[dict], documents: dict[str, str]) -> bool:
    """Every cited quote is its document's text at its offsets."""
    return all(documents.get(c["doc_id"], "")[c["start"] : c["end"]] == c["quote"] for c in citations)


def figure_found(answers: list[str], text: str) -> bool:
    """One of the gold spellings stands in `text` as a whole figure ("3%" is not found in "93%")."""
    return any(re.search(rf"(?<![\d.]){re.escape(a)}(?!\d)", text) for a in answers)


def score_row(row: EvalRow, body: dict, documents: dict[str, str], partner: EvalRow | None,
              latency_ms: float) -> RowResult:
    """Score one response body of POST /api/ask."""
    text, answerable = body.get("answer", ""), bool(body.get("answerable"))
    citations = body.get("citations", [])
    reasons: list[str] = []
    verbatim = quotes_verbatim(citations, documents)
    if not verbatim:
        reasons.append("a cited quote is not verbatim")
    if not row.answerable:
        correct = not answerable
        if not correct:
            reasons.append("answered a question the report does not answer")
        return RowResult(row.id, row.kind, row.style, False, False, answerable, correct, None, verbatim, None,
                         latency_ms, text, reasons)
    limit = MAX_COMPOUND_CHARS if row.compound else MAX_SINGLE_CHARS
    # The figures the answer gives, not its text: the text quotes the report, and a quote can hold the right number
    # beside a wrong headline figure ("基本养老…参保率分别达到93%和96.7%" answered with 96.7%).
    given = [figure.get("printed", "") for figure in body.get("figures") or []]
    missing = [answers[0] for answers in row.answers if not any(figure_found(answers, g) for g in given)]
    if not answerable:
        reasons.append("refused")
    if missing:
        reasons.append(f"missing {missing}")
    if len(text) > limit:
        reasons.append(f"answer has {len(text)} > {limit} characters")
    if partner and not row.compound and any(partner.answers[0][0] in text for _ in [0]):
        reasons.append(f"the other year's figure {partner.answers[0][0]} appears")
    cited = all(
        any(figure_found(answers, c["quote"]) and c["paragraph"] == line for c in citations)
        for answers, line in zip(row.answers, row.lines, strict=True)
    )
    retrieved = [p["paragraph"] for p in body.get("retrieval") or []]
    rank = retrieved.index(row.lines[0]) + 1 if row.lines[0] in retrieved else None
    return RowResult(row.id, row.kind, row.style, row.compound, True, answerable, not reasons, cited, verbatim, rank,
                     latency_ms, text, reasons)


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def summarise(results: list[RowResult], rows: list[EvalRow]) -> dict:
    """Accuracy by kind and style, year pairs, refusals, citations, retrieval and latency."""
    by_id = {r.id: r for r in results}
    single = [r for r in results if r.answerable_gold and not r.compound]
    compound = [r for r in results if r.compound]
    unanswerable = [r for r in results if not r.answerable_gold]
    refused = [r for r in results if not r.answerable]
    pairs: dict[str, list[RowResult]] = {}
    for row in rows:
        if row.pair:
            pairs.setdefault(row.pair, []).append(by_id[row.id])
    answered_gold = [r for r in results if r.answerable_gold and r.answerable]
    with_rank = [r for r in results if r.answerable_gold]
    latencies = sorted(r.latency_ms for r in results)

    def group(attr: str) -> dict[str, dict]:
        names = sorted({getattr(r, attr) for r in results})
        return {n: {"n": len(g), "accuracy": _rate(sum(r.correct for r in g), len(g))}
                for n in names for g in [[r for r in results if getattr(r, attr) == n]]}

    return {
        "questions": len(results),
        "single_figure_accuracy": _rate(sum(r.correct for r in single), len(single)),
        "compound_accuracy": _rate(sum(r.correct for r in compound), len(compound)),
        "unanswerable_refused": _rate(sum(r.correct for r in unanswerable), len(unanswerable)),
        "refusal_precision": _rate(sum(not r.answerable_gold for r in refused), len(refused)),
        "refusal_recall": _rate(sum(not r.answerable for r in unanswerable), len(unanswerable)),
        "year_pair_accuracy": _rate(sum(all(r.correct for r in p) for p in pairs.values()), len(pairs)),
        "citation_correct": _rate(sum(bool(r.citation_correct) for r in answered_gold), len(answered_gold)),
        "quotes_verbatim": _rate(sum(r.quotes_verbatim for r in results), len(results)),
        "retrieval_recall_at_1": _rate(sum(r.retrieved_at == 1 for r in with_rank), len(with_rank)),
        "retrieval_recall_at_5": _rate(sum(r.retrieved_at is not None for r in with_rank), len(with_rank)),
        "latency_ms_mean": round(sum(latencies) / len(latencies), 1) if latencies else None,
        "latency_ms_p95": latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else None,
        "by_kind": group("kind"),
        "by_style": group("style"),
    }


# The bar `make test` holds the service to.
THRESHOLDS = {"single_figure_accuracy": 0.95, "unanswerable_refused": 0.90, "compound_accuracy": 0.90,
              "quotes_verbatim": 1.0}


def below_thresholds(summary: dict) -> list[str]:
    """The thresholds a summary misses, as readable lines."""
    return [f"{name} {summary[name]} < {bar}" for name, bar in THRESHOLDS.items()
            if summary[name] is not None and summary[name] < bar]
