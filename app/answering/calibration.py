"""The thresholds that decide between an answer and "the report does not say", in one place.

Each kind's draft carries the score of its best clause (app/answering/answerers/base.py: clause and sentence
coverage of the question's words, the clause's embedding similarity, the sentence's retrieval rank). Below these the
draft is not trusted. Set on evals/kinds-dev.jsonl (the blind dev set of every kind); evals/kinds-holdout.jsonl was
not looked at when setting them (see evals/README.md)."""

from __future__ import annotations

MIN_CONFIDENCE = {
    "name": 0.5,
    "list": 0.3,
    "measures": 0.4,
    "yesno": 0.1,
    "definition": 0.25,
    "purpose": 0.25,
    "overview": 0.0,  # an overview always has headings to give
}
