"""Eval rows: reading `*.jsonl` and checking every gold string against the report."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

KINDS = {"actual2023", "target2024", "other", "unanswerable"}
STYLES = {"formal", "colloquial", "paraphrase", "english", "variant"}


@dataclass(frozen=True)
class EvalRow:
    """One question and its gold figures; compound rows hold one entry per figure."""

    id: str
    question: str
    answers: list[list[str]]  # acceptable strings per figure, canonical first
    lines: list[int]  # gold line per figure
    evidence: list[str]
    kind: str
    style: str
    pair: str | None = None
    near_miss: bool = False

    @property
    def answerable(self) -> bool:
        """False for rows the report cannot answer."""
        return self.kind != "unanswerable"

    @property
    def compound(self) -> bool:
        """True when the question asks for several figures."""
        return len(self.answers) > 1


def _as_lists(value: object) -> list:
    if value is None or value == []:
        return []
    return value if isinstance(value, list) else [value]


def parse_row(raw: dict) -> EvalRow:
    """One JSONL object → EvalRow (single rows are normalised to one-figure lists)."""
    answers = raw.get("answers") or []
    nested = bool(answers) and isinstance(answers[0], list)
    return EvalRow(
        id=raw["id"], question=raw["question"], answers=answers if nested else ([answers] if answers else []),
        lines=_as_lists(raw.get("line")), evidence=_as_lists(raw.get("evidence")), kind=raw["kind"],
        style=raw["style"], pair=raw.get("pair"), near_miss=bool(raw.get("near_miss")),
    )


def json_objects(paths: list[Path]) -> Iterator[dict]:
    """Every object of the given JSON Lines files, in order (blank lines skipped)."""
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            yield from (json.loads(line) for line in lines if line.strip())


def load_rows(paths: list[Path]) -> list[EvalRow]:
    """All rows of the given eval files, in order."""
    figure_sets = [p for p in paths if not (is_kind_set(p) or is_conversation_set(p))]  # others: evals.kinds, …
    return [parse_row(raw) for raw in json_objects(figure_sets)]


def _first_row(path: Path) -> dict:
    with path.open(encoding="utf-8") as lines:
        return json.loads(next((line for line in lines if line.strip()), "{}"))


def is_conversation_set(path: Path) -> bool:
    """True when the file holds conversations (evals.conversations): rows of `turns`."""
    return "turns" in _first_row(path)


def is_kind_set(path: Path) -> bool:
    """True when the file holds kind rows (evals.kinds): they say what the question `want`s."""
    return "want" in _first_row(path)


def check_rows(rows: list[EvalRow], report_text: str) -> list[str]:
    """Problems with the gold data: each evidence must stand in its line, each answer in the line and evidence."""
    lines = report_text.split("\n")
    problems = []
    ids = [r.id for r in rows]
    problems += [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for row in rows:
        if row.kind not in KINDS or row.style not in STYLES:
            problems.append(f"{row.id}: unknown kind {row.kind!r} or style {row.style!r}")
        if not row.answerable:
            if row.answers or row.lines:
                problems.append(f"{row.id}: unanswerable rows have no answers and no line")
            continue
        if not (len(row.answers) == len(row.lines) == len(row.evidence)):
            problems.append(f"{row.id}: answers, line and evidence must have one entry per figure")
            continue
        for answers, line, evidence in zip(row.answers, row.lines, row.evidence, strict=True):
            if not 1 <= line <= len(lines) or evidence not in lines[line - 1]:
                problems.append(f"{row.id}: evidence {evidence!r} is not in line {line}")
                continue
            if not answers or answers[0] not in evidence:
                problems.append(f"{row.id}: canonical answer {answers[:1]} is not in its evidence")
            problems += [f"{row.id}: answer {a!r} is not in line {line}" for a in answers if a not in lines[line - 1]]
    pairs: dict[str, int] = {}
    for row in rows:
        if row.pair:
            pairs[row.pair] = pairs.get(row.pair, 0) + 1
    problems += [f"pair {p} has {n} rows, not 2" for p, n in pairs.items() if n != 2]
    return problems


def composition(rows: list[EvalRow]) -> dict[str, int]:
    """Counts the eval set is required to meet."""
    return {
        "questions": len(rows),
        "english": sum(r.style == "english" for r in rows),
        "year_pairs": len({r.pair for r in rows if r.pair}),
        "unanswerable": sum(not r.answerable for r in rows),
        "near_miss_unanswerable": sum(r.near_miss for r in rows),
        "compound": sum(r.compound for r in rows),
        "paragraphs_covered": len({line for r in rows for line in r.lines}),
    }
