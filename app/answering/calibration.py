"""The thresholds that decide between an answer and "the report does not say", in one place.

Each kind's draft carries the score of its best clause (app/answering/answerers/base.py: clause and sentence
coverage of the question's words, the clause's embedding similarity, the sentence's retrieval rank). Below these the
draft is not trusted. Set with `python -m evals.calibrate` on evals/kinds-dev.jsonl and checked on
evals/kinds-dev2.jsonl (both blind sets of every kind, both tuned on); evals/kinds-holdout.jsonl was not looked at
(see evals/README.md). Penalties of 0.3 and 0.45 instead of 0.6 answered more paraphrases and more questions the
report does not answer (kinds-dev refused 96% → 92%), so 0.6 stays."""

from __future__ import annotations

MIN_CONFIDENCE = {
    "name": 0.3,
    "list": 0.3,
    "measures": 0.05,
    "yesno": 0.25,
    "definition": 0.15,
    "purpose": 0.1,
    "overview": 0.0,  # an overview always has headings to give
}

# Subtracted from a draft's confidence, times the share of the question's words the report never uses: the question
# is about something the report may not cover ("今年要修地铁吗", "天气怎么样"). A false "yes" costs most.
UNSEEN_PENALTY = {"yesno": 1.0, "name": 0.6, "list": 0.6, "measures": 0.6, "definition": 0.6, "purpose": 0.6}
