"""The comparison answerer: two cited figures of the same metric and unit (a 2023 result and a 2024 target, or two
parallel figures of one year), and the arithmetic between them, shown and labelled as computed."""

from __future__ import annotations

import re

import numpy as np

from app.answering import compose
from app.answering.answerers.figure import FigureAnswerer, FigureChoice
from app.answering.calibration import (
    COMPARED_MIN_LOCAL,
    COMPARED_MIN_SCORE,
    COVERED_SHARE,
    PAIR_DEPTH,
    PARTNER_MARGIN,
    SAME_METRIC_SHARE,
)
from app.answering.candidates import Candidate
from app.answering.english_amounts import english_amount
from app.answering.models import Answer, Citation, Computed, Figure
from app.answering.question import Question, analyze, content_text
from app.answering.spans import NUMBER_WORDS
from app.corpus.facts import Fact
from app.indexing.store import ReportIndex
from app.lexical.english import EnglishBridge
from app.retrieval.text import bigrams, normalize

_RATIO = re.compile(r"倍|\btimes\b|\bratio\b|\bmultiple\b")
_PERCENT = re.compile(r"百分之几|百分之多少|多少%|几%|\bby what percent(?:age)?\b|\bhow many percent\b|\bwhat percent(?:age)?\b")
_DECIMALS = re.compile(r"保留(\d|一|两|二|三)位小数|(\d|one|two|three) decimal")
_AFTER_COMPARE = re.compile(r"(?:比|较|相比|than|compared (?:with|to))(.*)$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# How a comparison is asked, apart from what it compares: removed before looking for the two figures.
_COMPARATIVE = re.compile(
    r"[（(]?保留[^）)]*位小数[）)]?|差不多|大约|大概|的?几倍|百分之几|百分之多少|多少%|(?:多少|几)个?(?:百分点|点)|"
    r"\(?(?:to )?(?:one|two|three) decimal places?\)?|\bhow many times\b|\bpercentage points?\b|\broughly\b|"
    r"\bthe ratio of\b|\bby how much\b|\bby what percent(?:age)?\b"
)
# The kind of the two figures comes from what they measure, not from how the difference is asked ("多几个").
_RATE_METRIC = re.compile(r"增速|增幅|涨幅|增长率|增长速度|涨了|提高|\bgrowth\b|\bgrow|\bfaster\b")
_SHARE_METRIC = re.compile(r"比例|占比|比重|参保率|覆盖率|\bproportion\b|\bshare\b")


class ComparisonAnswerer:
    """Both figures, quoted and cited, and their difference, ratio or percent change."""

    def __init__(self, index: ReportIndex, figures: FigureAnswerer, max_citations: int = 5) -> None:
        self._index = index
        self._figures = figures
        self._max_citations = max_citations
        self._weights = index.term_weights

    def answer(self, question: Question, vectors: np.ndarray) -> Answer | None:
        """The comparison, or None when the report does not give two comparable figures."""
        metric = _metric_question(question.text, self._index.english)  # "几倍"/"高几个百分点" left out
        pair = self._pair(metric, vectors)
        if pair is None or not self._covers(metric, pair):
            return None
        first, second = sorted(pair, key=lambda c: (c.fact.year, c.fact.start))
        if not _same_unit(first.fact, second.fact):
            return None
        base = self._base(question, first, second)
        other = second if base is first else first
        computed_value, operation, expression = _arithmetic(question.text, other.fact, base.fact)
        citations: list[Citation] = []
        figures = [compose.figure_for(c.fact, self._cite(citations, c.fact)) for c in (first, second)]
        unit = "个百分点" if first.fact.unit == "%" and operation == "difference" else (
            "%" if operation == "percent_change" else "" if operation == "ratio" else _unit_of(first.fact))
        computed = Computed(operation=operation, expression=expression, value=computed_value, unit=unit,
                            operands=[1, 2] if base is first else [2, 1])
        text = _text(question.language, (first, second), figures, self._index, computed)
        return Answer(answer=text, answerable=True, kind="comparison", citations=citations[: self._max_citations],
                      figures=figures, computed=computed, question=question.text,
                      confidence=round(min(first.score, second.score), 3))

    def _pair(self, question: Question, vectors: np.ndarray) -> tuple[Candidate, Candidate] | None:
        if len(question.years) == 2 and len(question.sub_questions) == 2 and len(vectors) == 2:
            # A comparison's wording dilutes each side's match; what makes the pair is that both years' best
            # figures measure the same thing in the same unit.
            sides = [[c for c in choice.ranked[:PAIR_DEPTH] if _plausible(c)]
                     for choice in self._figures.choose(question.sub_questions, vectors, parallel=False)]
            pairs = [(a, b) for a in sides[0] for b in sides[1] if _same_metric(a, b)]
            return max(pairs, key=lambda p: p[0].score + p[1].score + _overlap(*p)) if pairs else None
        choice: FigureChoice = self._figures.choose([question], vectors[:1], parallel=False)[0]
        best = choice.ranked[0] if choice.ranked else None
        if best is None or not _plausible(best):
            return None
        partner = next((c for c in choice.ranked[1:10] if c.fact.fact_id != best.fact.fact_id
                        and c.fact.kind == best.fact.kind and _same_unit(c.fact, best.fact)
                        and c.score >= best.score - PARTNER_MARGIN and c.year_ok is not False), None)
        return (best, partner) if partner else None

    def _covers(self, question: Question, pair: tuple[Candidate, Candidate]) -> bool:
        """The two figures' clauses hold most of the question's own words that the report uses: "应届大学生就业人数"
        is not compared through 农牧民转移就业."""
        words = frozenset(t for t in bigrams(content_text(question))
                          if len(t) > 1 and self._weights.known(t))
        said = " ".join(c.fact.context + c.fact.metric + c.fact.lead for c in pair)
        return not words or self._weights.coverage(words, said) >= COVERED_SHARE

    def _base(self, question: Question, first: Candidate, second: Candidate) -> Candidate:
        """The figure compared against: the one named after 比/than (by year or by words), else the earlier one."""
        m = _AFTER_COMPARE.search(normalize(question.text))
        if not m:
            return first
        after = m.group(1)
        if first.fact.year != second.fact.year:
            named = [c for c in (first, second) if str(c.fact.year) in after
                     or (c.fact.part == "results" and re.search(r"去年|上年|last year|built|achieved", after))
                     or (c.fact.part == "plan" and re.search(r"今年|目标|计划|this year|plan|target", after))]
            return named[0] if len(named) == 1 else first
        overlap = [sum(ch in after for ch in c.fact.metric + c.fact.context) for c in (first, second)]
        return first if overlap[0] >= overlap[1] else second

    def _cite(self, citations: list[Citation], fact: Fact) -> int:
        return compose.cite(self._index, citations, fact.sentence_id)


def _metric_question(text: str, bridge: EnglishBridge) -> Question:
    """The question about the two figures themselves: without "几倍"/"高几个百分点", of the kind its metric has."""
    question = analyze(_COMPARATIVE.sub(" ", text), bridge)
    low = normalize(text)
    kinds = ["rate"] if _RATE_METRIC.search(low) else ["share"] if _SHARE_METRIC.search(low) else []
    for part in [question, *question.sub_questions]:
        part.kinds = kinds
        part.unit = part.unit if part.unit not in ("倍", "个百分点") else None
    return question


def _plausible(candidate: Candidate) -> bool:
    """A figure of the asked year and kind that matches the question well enough to compare."""
    return (candidate.score >= COMPARED_MIN_SCORE and candidate.local >= COMPARED_MIN_LOCAL and candidate.year_ok is not False
            and candidate.kind_ok is not False and candidate.modifier_ok)


def _same_metric(a: Candidate, b: Candidate) -> bool:
    """Two figures measure the same thing: same unit, and their metric phrases share most of their words."""
    if not _same_unit(a.fact, b.fact):
        return False
    words_a, words_b = set(bigrams(a.fact.metric)), set(bigrams(b.fact.metric))
    return len(words_a & words_b) >= SAME_METRIC_SHARE * min(len(words_a), len(words_b))


def _overlap(a: Candidate, b: Candidate) -> float:
    """How much of both figures' clauses is the same words (the pair that best measures one thing wins)."""
    words_a, words_b = set(bigrams(a.fact.context)), set(bigrams(b.fact.context))
    return len(words_a & words_b) / max(1, len(words_a | words_b))


def _same_unit(a: Fact, b: Fact) -> bool:
    return a.unit == b.unit and _number(a) is not None and _number(b) is not None


def _number(fact: Fact) -> float | None:
    m = _NUMBER.match(fact.value)
    return float(m.group(0)) if m else None


def _unit_of(fact: Fact) -> str:
    return fact.value[len(_NUMBER.match(fact.value).group(0)):] if _NUMBER.match(fact.value) else fact.unit  # type: ignore[union-attr]


def _decimals(text: str, default: int) -> int:
    m = _DECIMALS.search(normalize(text))
    if not m:
        return default
    word = m.group(1) or m.group(2)
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _shown(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _arithmetic(question: str, other: Fact, base: Fact) -> tuple[str, str, str]:
    """(value, operation, expression) of `other` against `base`, as the question asks it."""
    a, b = _number(other), _number(base)
    assert a is not None and b is not None
    low = normalize(question)
    if _RATIO.search(low) and not re.search(r"百分点|percentage point", low):
        big, small = max(a, b), min(a, b)
        value = _shown(big / small, _decimals(question, 2))
        return value, "ratio", f"{_shown(big, 4)} ÷ {_shown(small, 4)} ≈ {value}"
    if _PERCENT.search(low) and not re.search(r"百分点|percentage point", low) and base.unit != "%":
        value = _shown((a - b) / b * 100, _decimals(question, 1)).replace("-", "−")
        return value, "percent_change", f"({_shown(a, 4)} − {_shown(b, 4)}) ÷ {_shown(b, 4)} × 100 ≈ {value}"
    decimals = max(len(_shown(x, 4).partition(".")[2]) for x in (a, b))
    big, small = max(a, b), min(a, b)
    value = _shown(big - small, decimals)
    return value, "difference", f"{_shown(big, 4)} − {_shown(small, 4)} = {value}"


def _text(language: str, pair: tuple[Candidate, Candidate], figures: list[Figure], index: ReportIndex,
          computed: Computed) -> str:
    lines = []
    for candidate, figure in zip(pair, figures, strict=True):
        fact = candidate.fact
        quote = compose.window(index, fact, index.sentence(fact.sentence_id))
        if language == "en":
            lines.append(f"{compose.english_figure(fact)} (“{quote}”) [{figure.citation}]")
        else:
            lines.append(f"{figure.year_label}：{fact.printed}（原文：“{quote}”）[{figure.citation}]")
    unit = computed.unit
    if language == "en":
        amount = english_amount(f"{computed.value}{computed.unit}") if computed.unit not in ("", "%") else None
        said = f"{computed.expression} {computed.unit}".rstrip() + (f", that is {amount}" if amount and re.search("[a-z]", amount) else "")
        return "; ".join(lines) + f". Computed from these two figures (not printed in the report): {said}."
    return "；".join(lines) + f"。按这两个数字计算（报告未直接给出）：{computed.expression}{unit}。"
