"""Whether the best figure answers the question: a logistic model over how clearly it wins, fitted on blind eval
sets (app/answering/figure_decision.json, written by `python -m evals.calibrate --fit-figure-decision`).

A fixed cut-off on the match score refused most questions worded otherwise than the report (their figure wins, but
with few of the report's words), while a near miss can match many words and still be the wrong figure. What tells
them apart is how the best figure wins: its score, its lead over the best figure with another value, the share of the
question's words around it, and its embedding lead over the closest figure with another value. "No answer" competes
with the best candidate through these, as in extractive readers."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.answering.calibration import UNMATCHED_THRESHOLD
from app.answering.candidates import Candidate
from app.corpus.facts import FACTS_VERSION
from app.indexing.passages import EMBEDDED_TEXTS_VERSION
from app.lexical.english import BRIDGE_VERSION

DECISION_PATH = Path(__file__).with_name("figure_decision.json")
FEATURES = ("score", "margin", "local", "dense_lead")
# Embedding leads are hundredths of a cosine; scaled so that every feature spans about one unit.
_SCALE = {"dense_lead": 20.0}


def fitted_for() -> dict[str, str]:
    """What the features depend on besides the code of this module: the facts, the embedded texts and the English
    bridge. A model fitted for other versions reads other features; tests/answering checks the saved one is current."""
    return {"facts": FACTS_VERSION, "embedded_texts": EMBEDDED_TEXTS_VERSION, "bridge": BRIDGE_VERSION,
            "scale": json.dumps(_SCALE, sort_keys=True)}


def features(candidate: Candidate) -> list[float]:
    """The candidate's evidence, in FEATURES order and scale."""
    return [float(getattr(candidate, name)) * _SCALE.get(name, 1.0) for name in FEATURES]


@dataclass(frozen=True)
class FigureDecision:
    """A fitted logistic model: the probability that the best figure is the answer."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    @classmethod
    def load(cls, path: Path = DECISION_PATH) -> FigureDecision:
        """The model written by the fitter."""
        saved = json.loads(path.read_text(encoding="utf-8"))
        if tuple(saved["features"]) != FEATURES:
            raise ValueError(f"{path} was fitted on other features; refit with "
                             "`python -m evals.calibrate --fit-figure-decision`")
        return cls(tuple(saved["weights"]), saved["bias"], saved["threshold"])

    def probability(self, candidate: Candidate) -> float:
        """How likely the candidate is the right figure, judged by how it wins."""
        return self.probability_of(features(candidate))

    def probability_of(self, evidence: list[float]) -> float:
        """The model's probability for a candidate's features (in FEATURES order and scale)."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, evidence, strict=True))
        return 1.0 / (1.0 + math.exp(-z))

    def accepts(self, candidate: Candidate, unmatched: bool = False) -> bool:
        """True when the candidate is sure enough to be given as the answer; `unmatched` when none of the
        question's words stand in its sentence (a match in meaning alone) needs UNMATCHED_THRESHOLD."""
        return self.probability(candidate) >= (UNMATCHED_THRESHOLD if unmatched else self.threshold)


def fit(points: list[tuple[list[float], bool]], wrong_cost: float, l2: float = 0.01,
        steps: int = 4000) -> tuple[list[float], float]:
    """Weights and bias of a logistic model by gradient descent, a wrong answer weighing `wrong_cost` refusals."""
    x = np.array([p for p, _ in points], dtype=np.float64)
    x = np.hstack([x, np.ones((len(x), 1))])
    y = np.array([right for _, right in points], dtype=np.float64)
    cost = np.where(y == 1, 1.0, wrong_cost)
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        w -= 0.5 * (x.T @ ((p - y) * cost) / len(y) + l2 * w)
    return [float(v) for v in w[:-1]], float(w[-1])
