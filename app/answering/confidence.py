"""`confidence`: the probability that an answer is right — for a refusal, that the report indeed does not answer the
question — read off the engine's raw match score (`score`) by a monotone table per group of answers.

The tables (confidence.json beside this module) are fitted by `python -m evals.calibrate --fit-confidence` on the
blind dev sets with isotonic regression, and checked on sets they were not fitted on (evals/README.md)."""

from __future__ import annotations

import bisect
import json
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("confidence.json")


def axis(group: str, score: float) -> float:
    """Where a score sits on its group's table: a refusal is the more likely right the lower the best rejected
    match scored, so refusals are read on the negated score (every table rises)."""
    return -score if group.startswith("refused") else score


def group_of(kind: str, answerable: bool) -> str:
    """The table an answer's score is read in: figures, comparisons, the other kinds, or refusals of figure
    questions (they carry the best rejected figure's score) and of the others (they carry none: one probability)."""
    figure_like = kind in ("figure", "comparison")
    if not answerable:
        return "refused-figure" if figure_like else "refused-other"
    return kind if figure_like else "other"


class ConfidenceScale:
    """Piecewise-linear, non-decreasing maps from score to probability, one per group."""

    def __init__(self, tables: dict[str, list[list[float]]]) -> None:
        self._tables = {group: ([p[0] for p in points], [p[1] for p in points]) for group, points in tables.items()
                        if points}

    @classmethod
    def load(cls, path: Path = TABLE_PATH) -> ConfidenceScale:
        """The tables `python -m evals.calibrate --fit-confidence` wrote."""
        return cls(json.loads(path.read_text(encoding="utf-8"))["tables"])

    def probability(self, group: str, score: float) -> float:
        """The fitted probability at `score` (flat beyond the fitted range); 0.5 for a group never fitted."""
        if group not in self._tables:
            return 0.5
        score = axis(group, score)
        scores, probabilities = self._tables[group]
        i = bisect.bisect_left(scores, score)
        if i == 0:
            return round(probabilities[0], 3)
        if i == len(scores):
            return round(probabilities[-1], 3)
        low, high = scores[i - 1], scores[i]
        share = (score - low) / (high - low) if high > low else 1.0
        return round(probabilities[i - 1] + share * (probabilities[i] - probabilities[i - 1]), 3)


def fit_isotonic(points: list[tuple[float, bool]], bins: int = 10) -> list[list[float]]:
    """(position on the axis, right) pairs → a non-decreasing table [[position, probability], …]: the pairs are put in
    equal-count bins, and adjacent bins that would make the probability fall are pooled (pool adjacent violators).
    Each probability is Laplace-smoothed ((right + 1) / (n + 2)): ten right of ten is not a certainty."""
    if not points:
        return []
    size = max(1, len(points) // bins)
    ties: dict[float, list[float]] = {}  # equal positions stay in one bin, whatever order their outcomes sort in
    for position, is_right in points:
        tie = ties.setdefault(position, [0.0, 0.0])
        tie[0], tie[1] = tie[0] + is_right, tie[1] + 1
    blocks: list[list[float]] = []  # [mean position, right, n]
    for position, (right, n) in sorted(ties.items()):
        if blocks and blocks[-1][2] < size:
            _merge(blocks[-1], [position, right, n])
        else:
            blocks.append([position, right, n])
    pooled: list[list[float]] = []
    for block in blocks:
        pooled.append(block)
        while len(pooled) > 1 and _smoothed(pooled[-2]) > _smoothed(pooled[-1]):
            _merge(pooled[-2], pooled.pop())
    return [[round(block[0], 4), round(_smoothed(block), 4)] for block in pooled]


def _merge(into: list[float], block: list[float]) -> None:
    """Pool `block` into `into`: the mean position, the right answers and the count add up."""
    total = into[2] + block[2]
    into[0] = (into[0] * into[2] + block[0] * block[2]) / total
    into[1], into[2] = into[1] + block[1], total


def _smoothed(block: list[float]) -> float:
    """A bin's share right, Laplace-smoothed."""
    return (block[1] + 1) / (block[2] + 2)
