"""`python -m evals.calibrate FILE...`: the confidence threshold per kind of answer that scores best on kind sets.

`python -m evals.calibrate --fit-confidence FILE...` fits the tables that turn an answer's raw score into
`confidence`, the probability that it is right (app/answering/confidence.json), on figure and kind sets;
`--check-confidence FILE...` measures how well the saved tables hold on other sets (expected calibration error).

Every question is answered with no threshold at all; a row then counts as right at threshold t when either its
draft is right and confidence >= t, or the report does not answer it and confidence < t. The best threshold
maximises accuracy minus the share of unanswerable rows answered (a wrong fact costs more than a refusal).
Thresholds set with this go in app/answering/calibration.py, saying on which set."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from app.answering import calibration
from app.answering.confidence import TABLE_PATH, axis, fit_isotonic, group_of
from app.answering.intent import question_want
from app.answering.question import analyze
from app.core.config import get_settings
from app.corpus.documents import load_documents
from app.service import Service
from evals.dataset import is_kind_set, load_rows
from evals.fit_decision import fit_figure_decision
from evals.kinds import load_kind_rows, score_kind_row
from evals.scoring import score_row

CANDIDATES = [round(0.05 * i, 2) for i in range(0, 41)]
FOLDS = 5
Point = tuple[float, bool, bool, int]  # (score, answerable, right, fold)


def _outcomes(files: list[Path]) -> list[tuple[str, float, float, bool]]:
    """(group, raw score, stated confidence, right) of every question of figure and kind sets, asked as served."""
    service = Service.load(get_settings().model_copy(update={"answer_cache_size": 0}))
    documents = {d.doc_id: d.text for d in load_documents(get_settings().docs_dir)}
    found = []
    for path in files:
        rows: list = load_kind_rows([path]) if is_kind_set(path) else load_rows([path])
        for row in rows:
            body = service.engine.ask(row.question).model_dump()
            score = score_kind_row if is_kind_set(path) else lambda r, b, d, t: score_row(r, b, d, None, t)
            right = score(row, body, documents, 0.0).correct
            found.append((group_of(body["kind"], body["answerable"]), body["score"], body["confidence"], right))
        print(f"  {path}: {len(rows)} asked", file=sys.stderr)
    return found


def fit_confidence(files: list[Path]) -> int:
    """Fit and write the confidence tables; print each group's table."""
    groups: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for group, score, _, right in _outcomes(files):
        groups[group].append((axis(group, score), right))
    tables = {group: fit_isotonic(points) for group, points in sorted(groups.items())}
    TABLE_PATH.write_text(json.dumps({"fitted_on": [str(f) for f in files], "tables": tables}, indent=1) + "\n",
                          encoding="utf-8")
    for group, table in tables.items():
        print(f"{group} ({len(groups[group])} answers): " + ", ".join(f"{x:+.2f}→{p:.2f}" for x, p in table))
    print(f"confidence tables fitted on {sum(len(p) for p in groups.values())} answers → {TABLE_PATH}")
    return 0


def check_confidence(files: list[Path]) -> int:
    """Expected calibration error of the stated confidence, and a reliability table in five bins."""
    fitted = set(json.loads(TABLE_PATH.read_text(encoding="utf-8"))["fitted_on"])
    if fitted & {str(f) for f in files}:
        print(f"the tables were fitted on {sorted(fitted & {str(f) for f in files})}: check on other sets",
              file=sys.stderr)
        return 2
    found = _outcomes(files)
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(5)]
    for _, _, stated, right in found:
        bins[min(4, int(stated * 5))].append((stated, right))
    print("| stated confidence | answers | mean stated | share right |\n|---|---|---|---|")
    error = 0.0
    for number, chunk in enumerate(bins):
        if chunk:
            stated = sum(c for c, _ in chunk) / len(chunk)
            share = sum(r for _, r in chunk) / len(chunk)
            error += len(chunk) / len(found) * abs(stated - share)
            print(f"| {number / 5:.1f}-{(number + 1) / 5:.1f} | {len(chunk)} | {stated:.2f} | {share:.2f} |")
    print(f"expected calibration error {error:.3f} over {len(found)} answers of {', '.join(map(str, files))}")
    return 0


def main(argv: list[str]) -> int:
    """Print, per kind, accuracy at the current threshold and at the best one."""
    files = [Path(a) for a in argv if not a.startswith("--")]
    if "--fit-confidence" in argv:
        return fit_confidence(files)
    if "--check-confidence" in argv:
        return check_confidence(files)
    if "--fit-figure-decision" in argv:
        return fit_figure_decision(files)
    rows = load_kind_rows(files)
    current = dict(calibration.MIN_CONFIDENCE)
    for kind in calibration.MIN_CONFIDENCE:
        calibration.MIN_CONFIDENCE[kind] = float("-inf")
    service = Service.load(get_settings().model_copy(update={"answer_cache_size": 0}))
    documents = {d.doc_id: d.text for d in load_documents(get_settings().docs_dir)}
    points: dict[str, list[Point]] = defaultdict(list)
    for number, row in enumerate(rows, start=1):
        body = service.engine.ask(row.question).model_dump()
        want = question_want(row.question, len(analyze(row.question).years))
        right = score_kind_row(row, body, documents, 0.0).correct if row.answerable else False
        # Folds by report paragraph: the gold one, or for a question the report does not answer the one its nearest
        # passage stands in, so that a fold's thresholds never saw a question about the paragraphs it is tested on.
        paragraph = row.lines[0] if row.lines else (body["citations"][0]["paragraph"] if body["citations"] else 0)
        points[want].append((body["score"], row.answerable, right, paragraph % FOLDS))
        if number % 50 == 0:
            print(f"  {number}/{len(rows)}", file=sys.stderr)
    if "--points" in sys.argv:
        for kind, found in sorted(points.items()):
            print(kind, sorted((round(c, 2), "A" if a else "U", "✓" if r else "✗") for c, a, r, _ in found))
    print(f"| kind | n | current | accuracy | best | accuracy | cross-validated ({FOLDS} folds by paragraph) |\n"
          "|---|---|---|---|---|---|---|")
    for kind, found in sorted(points.items()):
        best = _best_threshold(found)
        now = current.get(kind)
        print(f"| {kind} | {len(found)} | {now} | {_accuracy(found, now) if now is not None else 0:.3f} | {best} | "
              f"{_accuracy(found, best):.3f} | {_cross_validated(found):.3f} |")
    return 0



def _accuracy(found: list[Point], t: float) -> float:
    return sum((c >= t and right) or (c < t and not answerable) for c, answerable, right, _ in found) / len(found)


def _best_threshold(found: list[Point]) -> float:
    def utility(t: float) -> float:
        # A wrong fact read to a caller costs more than a refusal: an answered unanswerable row counts -1.
        return _accuracy(found, t) - sum(c >= t and not answerable for c, answerable, _, _ in found) / len(found)
    return max(CANDIDATES, key=utility)


def _cross_validated(found: list[Point]) -> float:
    """Accuracy when each fold is decided by the threshold best on the other folds."""
    right = 0.0
    for fold in range(FOLDS):
        train = [p for p in found if p[3] != fold]
        test = [p for p in found if p[3] == fold]
        if test and train:
            right += _accuracy(test, _best_threshold(train)) * len(test)
    return right / len(found)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
