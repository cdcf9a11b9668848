"""`python -m evals.calibrate FILE...`: the confidence threshold per kind of answer that scores best on kind sets.

Every question is answered with no threshold at all; a row then counts as right at threshold t when either its
draft is right and confidence >= t, or the report does not answer it and confidence < t. The best threshold
maximises accuracy minus the share of unanswerable rows answered (a wrong fact costs more than a refusal).
Thresholds set with this go in app/answering/calibration.py, saying on which set."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from app.answering import calibration
from app.answering.intent import question_want
from app.answering.question import analyze
from app.core.config import get_settings
from app.corpus.documents import load_documents
from app.service import Service
from evals.kinds import load_kind_rows, score_kind_row

CANDIDATES = [round(0.05 * i, 2) for i in range(0, 41)]


def main(argv: list[str]) -> int:
    """Print, per kind, accuracy at the current threshold and at the best one."""
    rows = load_kind_rows([Path(a) for a in argv if not a.startswith("--")])
    current = dict(calibration.MIN_CONFIDENCE)
    for kind in calibration.MIN_CONFIDENCE:
        calibration.MIN_CONFIDENCE[kind] = float("-inf")
    service = Service.load(get_settings().model_copy(update={"answer_cache_size": 0}))
    documents = {d.doc_id: d.text for d in load_documents(get_settings().docs_dir)}
    points: dict[str, list[tuple[float, bool, bool]]] = defaultdict(list)
    for number, row in enumerate(rows, start=1):
        body = service.engine.ask(row.question).model_dump()
        want = question_want(row.question, len(analyze(row.question).years))
        right = score_kind_row(row, body, documents, 0.0).correct if row.answerable else False
        points[want].append((body["confidence"], row.answerable, right))
        if number % 50 == 0:
            print(f"  {number}/{len(rows)}", file=sys.stderr)
    if "--points" in sys.argv:
        for kind, found in sorted(points.items()):
            print(kind, sorted((round(c, 2), "A" if a else "U", "✓" if r else "✗") for c, a, r in found))
    print("| kind | n | current | accuracy | best | accuracy |\n|---|---|---|---|---|---|")
    for kind, found in sorted(points.items()):
        def accuracy(t: float, found: list = found) -> float:
            return sum((c >= t and right) or (c < t and not answerable) for c, answerable, right in found) / len(found)

        def utility(t: float, found: list = found) -> float:
            # A wrong fact read to a caller costs more than a refusal: an answered unanswerable row counts -1.
            return accuracy(t) - sum(c >= t and not answerable for c, answerable, _ in found) / len(found)
        best = max(CANDIDATES, key=utility)
        now = current.get(kind)
        print(f"| {kind} | {len(found)} | {now} | {accuracy(now) if now is not None else 0:.3f} | {best} | "
              f"{accuracy(best):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
