"""`python -m evals.calibrate --fit-figure-decision FILE...`: fit the model that decides whether the best figure
answers a question (app/answering/figure_decision.py) on figure sets, and measure it by cross-validation over the
report's paragraphs: a fold's questions are answered by a model that never saw a question about their paragraph.

Each single-figure question gives one point: the features of its best candidate that passes the checks of year,
kind, place and modifier, labelled right when that candidate is the gold figure in the gold paragraph; questions the
report does not answer are labelled wrong (any figure given to them is a wrong fact)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.answering.answerers.figure import passes_checks
from app.answering.figure_decision import DECISION_PATH, FEATURES, FigureDecision, features, fit, fitted_for
from app.core.config import get_settings
from app.service import Service
from evals.dataset import EvalRow, load_rows

WRONG_COST = 4.0  # a wrong figure read to a caller weighs four refusals
THRESHOLD = 0.5  # the costs are in the fit: answer when right is the likelier, cost-weighted
FOLDS = 5


def _is_gold(row: EvalRow, paragraph: int, printed: str, value: str) -> bool:
    return row.answerable and paragraph == row.lines[0] and any(a in (printed, value) for a in row.answers[0])


def _points(files: list[Path]) -> list[tuple[list[float], bool, int, str]]:
    """(features, right, paragraph, set) of every single-figure question of the files."""
    engine = Service.load(get_settings().model_copy(update={"answer_cache_size": 0})).engine
    found = []
    for path in files:
        rows = [r for r in load_rows([path]) if not r.compound]
        for row in rows:
            contest = engine.figure_contest(row.question)
            if contest is None:
                continue
            question, ranked = contest
            best = next((c for c in ranked if passes_checks(question, c)), None)
            if best is None or best is not ranked[0]:
                continue  # the best figure fails a check: refused whatever the model says
            fact = best.fact
            right = _is_gold(row, fact.paragraph, fact.printed, fact.value)
            paragraph = row.lines[0] if row.answerable else fact.paragraph
            found.append((features(best), right, paragraph, path.stem))
        print(f"  {path}: {len(rows)} asked", file=sys.stderr)
    return found


def _answered(points: list, weights: list[float], bias: float) -> tuple[int, int]:
    """(right answers given, wrong answers given) by a model."""
    model = FigureDecision(tuple(weights), bias, THRESHOLD)
    given = [label for x, label, _, _ in points if model.probability_of(x) >= THRESHOLD]
    return sum(given), len(given) - sum(given)


def fit_figure_decision(files: list[Path]) -> int:
    """Fit, cross-validate, write the model; print what it answers."""
    points = _points(files)
    positives = sum(label for _, label, _, _ in points)
    cv_right = cv_wrong = 0
    for fold in range(FOLDS):
        train = [(x, label) for x, label, paragraph, _ in points if paragraph % FOLDS != fold]
        test = [p for p in points if p[2] % FOLDS == fold]
        weights, bias = fit(train, WRONG_COST)
        right, wrong = _answered(test, weights, bias)
        cv_right, cv_wrong = cv_right + right, cv_wrong + wrong
    weights, bias = fit([(x, label) for x, label, _, _ in points], WRONG_COST)
    right, wrong = _answered(points, weights, bias)
    summary = {
        "features": list(FEATURES), "weights": [round(w, 4) for w in weights], "bias": round(bias, 4),
        "fitted_for": fitted_for(),
        "threshold": THRESHOLD, "wrong_cost": WRONG_COST, "fitted_on": [str(f) for f in files],
        "points": len(points), "right_best": positives,
        "cross_validated": {"folds": f"{FOLDS}, by report paragraph", "right_answered": cv_right,
                            "wrong_answered": cv_wrong},
        "in_sample": {"right_answered": right, "wrong_answered": wrong},
    }
    DECISION_PATH.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(f"{len(points)} questions, best figure right for {positives}; cross-validated by paragraph: "
          f"{cv_right} right and {cv_wrong} wrong figures answered; in sample {right} and {wrong} → {DECISION_PATH}")
    return 0
