"""Compose answer text and citations from chosen facts: figures as printed, year labels, verbatim quotes."""

from __future__ import annotations

import re

from app.answering.english_amounts import english_amount
from app.answering.models import Citation, Figure
from app.corpus.chunking import Chunk, part_label
from app.corpus.facts import Fact
from app.indexing.store import ReportIndex
from app.retrieval.text import bigrams

MAX_WINDOW = 90  # characters of the quoted clause run inside the answer text
_CLAUSE = re.compile(r"[^,，:：;；。！？!?]+[,，:：;；。！？!?]?")


def english_label(fact: Fact) -> str:
    """'2023 result' or '2024 target'."""
    return f"{fact.year} result" if fact.part == "results" else f"{fact.year} target"


def citation_for(index: ReportIndex, sentence: Chunk) -> Citation:
    """The citation of a whole sentence, quoted verbatim from its document."""
    text = index.documents[sentence.doc_id].text
    return Citation(
        doc_id=sentence.doc_id, title=index.title(sentence.doc_id), section=sentence.section,
        paragraph=sentence.paragraph, quote=text[sentence.start : sentence.end], start=sentence.start,
        end=sentence.end, year=sentence.year, year_label=part_label(sentence.part, sentence.year),
    )


def cite(index: ReportIndex, citations: list[Citation], chunk_id: str) -> int:
    """The 1-based number of the passage `chunk_id` in `citations`, adding its citation when it is not there."""
    chunk = index.chunk(chunk_id)
    for number, existing in enumerate(citations, start=1):
        if existing.start == chunk.start and existing.doc_id == chunk.doc_id:
            return number
    citations.append(citation_for(index, chunk))
    return len(citations)


def window(index: ReportIndex, fact: Fact, sentence: Chunk) -> str:
    """The run of clauses that states the fact: its own clause, extended left until the metric is in view."""
    text = index.documents[fact.doc_id].text
    clauses = [(m.start() + sentence.start, m.end() + sentence.start) for m in _CLAUSE.finditer(sentence.text)]
    own = next(i for i, (s, e) in enumerate(clauses) if s <= fact.start < e)
    metric_terms = set([t for t in bigrams(fact.metric) if t in sentence.text][:4])
    first = own
    while first > 0 and not metric_terms <= set(bigrams(text[clauses[first][0] : clauses[own][1]])):
        first -= 1
        if clauses[own][1] - clauses[first][0] > MAX_WINDOW:
            first += 1
            break
    start, end = clauses[first][0], clauses[own][1]
    return text[start:end].rstrip(",，;；:：。")


def figure_for(fact: Fact, citation_number: int) -> Figure:
    """The figure of a fact, pointing at its citation."""
    return Figure(printed=fact.printed, year=fact.year, year_label=part_label(fact.part, fact.year), kind=fact.kind,
                  metric=fact.metric, citation=citation_number, start=fact.start, end=fact.end)


def english_figure(fact: Fact) -> str:
    """The figure in English units, then as printed, with its year label ("160.9 billion yuan (1609亿元, 2023
    result)"); a figure English writes the same way ("5.2%") once."""
    amount = english_amount(fact.printed)
    if not amount or amount == fact.printed:
        return f"{fact.printed} ({english_label(fact)})"
    return f"{amount} ({fact.printed}, {english_label(fact)})"


def answer_sentence(fact: Fact, quote: str, language: str) -> str:
    """One sentence: the figure as printed, its year label and the clause that states it."""
    if language == "en":
        return f"{english_figure(fact)}. The report says: “{quote}”."
    return f"{fact.printed}（{part_label(fact.part, fact.year)}）。原文：“{quote}”。"


def compound_line(item: str | None, fact: Fact, number: int, language: str) -> str:
    """One line of a compound answer: the part asked (if any), its figure, year label and citation number."""
    if language == "en":
        head = f"{item}: " if item else ""
        return f"{head}{english_figure(fact)} [{number}]"
    label = part_label(fact.part, fact.year)
    return f"{item}：{fact.printed}（{label}）[{number}]" if item else f"{label}：{fact.printed}[{number}]"


def excerpt(quote: str, query: str, limit: int = 80) -> str:
    """The clause of a quote that shares most words with `query`, verbatim, at most `limit` characters."""
    terms = set(bigrams(query))
    clauses = [m.group(0) for m in _CLAUSE.finditer(quote)] or [quote]
    best = max(clauses, key=lambda c: len(terms & set(bigrams(c))))
    return best[:limit].rstrip(",，;；:：。、")


NO_FIGURE = {"zh": "报告中没有找到这个问题对应的数字。", "en": "The report does not give this figure."}
NEAREST = {"zh": "相关内容：“{nearest}”。", "en": "Nearest passage: “{nearest}”."}


def refusal_sentence(language: str, nearest: str | None) -> str:
    """The report does not give the asked figure; point at what is nearby."""
    base = NO_FIGURE[language]
    if not nearest:
        return base
    return base + (" " if language == "en" else "") + NEAREST[language].format(nearest=nearest)


def other_year_sentence(asked_year: int, fact: Fact, quote: str, language: str) -> str:
    """The figure exists only for the other year: say so, and give that one with its label."""
    if language == "en":
        return (f"The report gives no {asked_year} figure for this; it gives only the {english_label(fact)}: "
                f"{english_figure(fact)} (“{quote}”).")
    label = part_label(fact.part, fact.year)
    return f"报告没有给出这一项{asked_year}年的数字，只给出了{label}：{fact.printed}（原文：“{quote}”）。"
