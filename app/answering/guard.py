"""The grounding guard: every number in an answer must stand verbatim in a quote the answer cites."""

from __future__ import annotations

import re

from app.answering.models import Answer

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Our own wording names years ("2023年实绩", "the 2024 target") and citation markers ([1]): labels, not figures.
_LABELS = re.compile(r"20\d\d年(?:实绩|目标|的?(?:实绩|目标|数字|数据))|20\d\d (?:result|target|figure|plan)s?|[《【].*?[》】]|\[\d+\]")


def numbers_in(text: str) -> list[str]:
    """Every Arabic number in `text`."""
    return _NUMBER.findall(text)


def ungrounded_numbers(answer: Answer) -> list[str]:
    """Figures and numbers of the answer that appear in none of its quotes."""
    quotes = " ".join(c.quote for c in answer.citations)
    quoted = set(numbers_in(quotes))
    missing = [f.printed for f in answer.figures if f.printed not in quotes]
    return missing + [n for n in numbers_in(_LABELS.sub(" ", answer.answer)) if n not in quoted]


def is_grounded(answer: Answer) -> bool:
    """True when every number of the answer is backed by a cited quote."""
    return not ungrounded_numbers(answer)
