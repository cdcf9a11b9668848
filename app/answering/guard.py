"""The grounding guard: every number, item and quote of an answer must stand verbatim in the report, inside a
passage the answer cites; computed numbers must follow from two cited figures."""

from __future__ import annotations

import re

from app.answering.english_amounts import english_amount
from app.answering.models import Answer
from app.corpus.documents import Document

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Our own wording names years ("2023年实绩", "the 2024 target") and citation markers ([1]): labels, not figures.
_LABELS = re.compile(r"20\d\d年(?:实绩|目标|工作回顾|工作安排|的?(?:实绩|目标|数字|数据))|20\d\d (?:result|target|figure|plan)s?|"
                     r"(?:review|plan) (?:of|for) 20\d\d|[《【].*?[》】]|\[\d+\]")


def numbers_in(text: str) -> list[str]:
    """Every Arabic number in `text`."""
    return _NUMBER.findall(text)


def ungrounded_numbers(answer: Answer) -> list[str]:
    """Figures and numbers of the answer that appear in none of its quotes (computed ones aside, when they follow
    from the answer's figures)."""
    quotes = " ".join(c.quote for c in answer.citations)
    quoted = set(numbers_in(quotes))
    missing = [f.printed for f in answer.figures if f.printed not in quotes]
    text = _LABELS.sub(" ", answer.answer)
    for figure in answer.figures:  # its English amount, derived from the printed figure ("160.9 billion yuan (1609亿元")
        amount = english_amount(figure.printed)
        if amount:
            text = text.replace(f"{amount} ({figure.printed}", f" ({figure.printed}")
    if answer.computed is not None:
        operands = {n for f in answer.figures for n in numbers_in(f.printed)}
        computed = set(numbers_in(answer.computed.expression)) - operands
        if computed - {answer.computed.value} or not answer.computed.value:
            missing.append(answer.computed.expression)
        text = text.replace(answer.computed.expression, " ")
        amount = english_amount(f"{answer.computed.value}{answer.computed.unit}")
        if amount:  # the computed value in English units, derived from it
            text = text.replace(f"that is {amount}", " ")
    return missing + [n for n in numbers_in(text) if n not in quoted]


def quoted_in_text(text: str) -> list[str]:
    """The outermost “…” passages of an answer's text (the report's own quotes may nest inside them)."""
    found, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "“":
            depth += 1
            if depth == 1:
                start = i + 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                found.append(text[start:i])
    return found


def misquoted(answer: Answer, documents: dict[str, Document]) -> list[str]:
    """Quotes and items that are not the report's text at their offsets, or lie outside the passage they cite, and
    quotes in the answer's text that no cited passage holds (an elided quote "A……B" must hold A and B)."""
    problems = [c.quote for c in answer.citations
                if c.doc_id not in documents or documents[c.doc_id].text[c.start : c.end] != c.quote]
    quotes = [c.quote for c in answer.citations]
    for quoted in quoted_in_text(answer.answer):
        for part in re.split(r"……| … ", quoted):
            if part and not any(part in quote for quote in quotes):
                problems.append(part)
    for item in answer.items:
        if not 1 <= item.citation <= len(answer.citations):
            problems.append(item.text)
            continue
        cited = answer.citations[item.citation - 1]
        text = documents[cited.doc_id].text if cited.doc_id in documents else ""
        if text[item.start : item.end] != item.text or not cited.start <= item.start <= item.end <= cited.end:
            problems.append(item.text)
    return problems


def is_grounded(answer: Answer, documents: dict[str, Document] | None = None) -> bool:
    """True when every number of the answer is backed by a cited quote (and, given the documents, every quote and
    item is verbatim and inside its citation)."""
    return not ungrounded_numbers(answer) and not (documents is not None and misquoted(answer, documents))
