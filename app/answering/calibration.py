"""The thresholds that decide between an answer and "the report does not say", in one place.

Each kind's draft carries the score of its best clause (app/answering/answerers/base.py: clause and sentence
coverage of the question's words, the clause's embedding similarity, the sentence's retrieval rank). Below these the
draft is not trusted. Set on evals/kinds-dev.jsonl (the blind dev set of every kind); evals/kinds-holdout.jsonl was
not looked at when setting them (see evals/README.md)."""

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
