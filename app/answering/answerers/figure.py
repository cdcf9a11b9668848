"""The figure answerer: candidate facts ranked by metric, kind, unit and year; the surest one, or a refusal."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.answering import compose
from app.answering.calibration import (
    MIN_LOCAL,
    OTHER_YEAR_MARGIN,
    PARALLEL_BONUS,
    PART_MIN_SCORE,
    PART_STRONG_LOCAL,
    PART_STRONG_SCORE,
    SAME_SENTENCE_BONUS,
    TWIN_MARGIN,
    TWIN_MIN_SCORE,
)
from app.answering.candidates import Candidate, FactScorer
from app.answering.figure_decision import FigureDecision
from app.answering.guard import is_grounded
from app.answering.lexicon import OTHER_PLACES
from app.answering.models import Answer, Citation, Figure
from app.answering.question import Question, content_text
from app.indexing.store import ReportIndex
from app.retrieval.text import normalize


@dataclass
class FigureChoice:
    """The figure picked for one (part of a) question, and whether it is trusted."""

    question: Question
    best: Candidate | None
    answered: bool
    ranked: list[Candidate]



class FigureAnswerer:
    """Answers "how much / how many" questions from the index's facts; holds no per-request state."""

    def __init__(self, index: ReportIndex, max_citations: int = 5) -> None:
        self._index = index
        self._scorer = FactScorer(index)
        self._max_citations = max_citations
        self._decision = FigureDecision.load()

    def answer(self, question: Question, vectors: np.ndarray) -> Answer:
        """The figure answer (or refusal) of an analysed question; `vectors` embed its parts (or itself)."""
        parts = question.sub_questions or [question]
        year_split = len(question.years) == 2
        compound = len(parts) > 1
        results = [self._decide(part, vector, not year_split, compound)
                   for part, vector in zip(parts, vectors, strict=True)]
        if not question.years and not question.sub_questions:
            question, results = self._with_other_year(question, results[0])
        elif len(results) > 1 and len(question.years) < 2:
            results = self._parallel(results)
        answer = self._compose(question, results, vectors[0])
        if not is_grounded(answer):
            answer = self._refuse(question, vectors[0], results[0].best)
        return answer

    def choose(self, parts: list[Question], vectors: np.ndarray, parallel: bool) -> list[FigureChoice]:
        """The figure of each part (for comparisons): each checked as a single question would be; `parallel`
        re-picks the later parts as figures of the first one's kind and unit."""
        results = [self._decide(part, vector, False, len(parts) > 1)
                   for part, vector in zip(parts, vectors, strict=True)]
        return self._parallel(results) if parallel else results

    def ranked(self, question: Question, vector: np.ndarray) -> list[Candidate]:
        """The question's candidate figures, best first (for fitting the decision: evals/calibrate.py)."""
        return self._scorer.rank(question, vector)

    def probability(self, candidate: Candidate) -> float:
        """How likely the candidate is the answer, judged by how it wins."""
        return self._decision.probability(candidate)

    def _supported(self, question: Question, candidate: Candidate, part: bool = False) -> bool:
        """The checks every answered figure passes, however it was picked; `part` for a part of a compound question."""
        if not passes_checks(question, candidate):
            return False
        if self._decision.accepts(candidate, unmatched=max(candidate.local, candidate.in_sentence) == 0):
            return True
        strong = PART_STRONG_SCORE if candidate.local < PART_STRONG_LOCAL else PART_MIN_SCORE
        return part and candidate.score >= strong and candidate.local >= MIN_LOCAL

    def _part_supported(self, question: Question, candidate: Candidate) -> bool:
        return self._supported(question, candidate, part=True)

    def _decide(self, question: Question, vector: np.ndarray, check_other_year: bool = True,
                part: bool = False) -> FigureChoice:
        ranked = self._scorer.rank(question, vector)
        best = ranked[0] if ranked else None
        if best is None:
            return FigureChoice(question, None, False, ranked)
        closest = max(ranked[:10], key=lambda c: c.local)
        support = max(best.local, best.in_sentence)
        if check_other_year and closest.year_ok is False and closest.local >= support + OTHER_YEAR_MARGIN:
            # The metric asked about is stated only for the other year ("去年网络零售总额"): refuse, citing it.
            return FigureChoice(question, closest, False, ranked)
        return FigureChoice(question, best, self._supported(question, best, part), ranked)

    def _with_other_year(self, question: Question, result: FigureChoice) -> tuple[Question, list[FigureChoice]]:
        """Add the other year's figure of the same metric when the question does not say which year (the question
        returned, a copy, then names both years)."""
        best = result.best
        if not (result.answered and best):
            return question, [result]
        twin = next(
            (c for c in result.ranked[1:6]
             if c.fact.year != best.fact.year and c.fact.kind == best.fact.kind and c.local >= best.local - 0.1
             and c.score >= best.score - TWIN_MARGIN and c.score >= TWIN_MIN_SCORE),
            None,
        )
        if twin is None:
            return question, [result]
        pair = sorted([best, twin], key=lambda c: c.fact.year)
        both = dataclasses.replace(question, years=[c.fact.year for c in pair])
        return both, [FigureChoice(question.with_year(c.fact.year), c, True, []) for c in pair]

    def _parallel(self, results: list[FigureChoice]) -> list[FigureChoice]:
        return _parallel_pick(results, self._part_supported)

    def _cite(self, citations: list[Citation], fact_sentence_id: str) -> int:
        return compose.cite(self._index, citations, fact_sentence_id)

    def _compose(self, question: Question, results: list[FigureChoice], vector: np.ndarray) -> Answer:
        answered = [r for r in results if r.answered and r.best]
        if not answered:
            return self._refuse(question, vector, results[0].best)
        citations: list[Citation] = []
        figures: list[Figure] = []
        lines = []
        for result in answered:
            assert result.best is not None
            fact = result.best.fact
            number = self._cite(citations, fact.sentence_id)
            figures.append(compose.figure_for(fact, number))
            if len(results) == 1:
                quote = compose.window(self._index, fact, self._index.sentence(fact.sentence_id))
                lines.append(compose.answer_sentence(fact, quote, question.language))
            else:
                label = _part_label(question, result.question)
                lines.append(compose.compound_line(label, fact, number, question.language))
        missing = [r for r in results if not r.answered]
        if missing:
            lines.append(_missing_note(question, missing))
        separator = " " if question.language == "en" else "；" if len(results) > 1 else ""
        text = separator.join(lines)
        if len(results) > 1:
            text += "." if question.language == "en" else "。"
        confidence = min(self.probability(r.best) for r in answered if r.best)
        cap = max([self._max_citations, *(f.citation for f in figures)])  # every figure keeps its passage
        return Answer(answer=text, answerable=True, citations=citations[:cap], figures=figures,
                      question=question.text, confidence=round(confidence, 3))

    def _refuse(self, question: Question, vector: np.ndarray, best: Candidate | None) -> Answer:
        citations: list[Citation] = []
        if best and best.year_ok is False and best.local >= MIN_LOCAL and question.year:
            # The metric is there, but only for the other year: say so and cite it.
            fact = best.fact
            self._cite(citations, fact.sentence_id)
            quote = compose.window(self._index, fact, self._index.sentence(fact.sentence_id))
            text = compose.other_year_sentence(question.year, fact, quote, question.language)
        else:
            words = content_text(question)
            for hit in self._index.passage_retriever.rank(words, vector, question.year, limit=3):
                self._cite(citations, self._index.sentences[hit.row].chunk_id)
            nearest = compose.excerpt(citations[0].quote, words) if citations else None
            text = compose.refusal_sentence(question.language, nearest)
        return Answer(answer=text, answerable=False, citations=citations, question=question.text,
                      confidence=round(self.probability(best), 3) if best else 0.0)


def passes_checks(question: Question, candidate: Candidate) -> bool:
    """What a figure must be to answer at all, however sure the match: of the year, the kind and the place asked,
    with the metric's modifier when one is asked ("人均GDP" is not GDP)."""
    return (candidate.year_ok is not False and candidate.kind_ok is not False and candidate.modifier_ok
            and not _names_other_place(question, candidate))


def _names_other_place(question: Question, candidate: Candidate) -> bool:
    """The question is about another city or region than the one the figure's sentence is about."""
    asked = normalize(question.text)
    context = candidate.fact.context + candidate.fact.metric
    return any(place in asked and place not in context for place in OTHER_PLACES)


def _parallel_pick(results: list[FigureChoice], supported: Callable[[Question, Candidate], bool]
                   ) -> list[FigureChoice]:
    """Re-pick each part of an "A和B各是多少" question as a figure parallel to the surest part, never the same fact."""
    anchor = max(results, key=lambda r: r.best.score if r.best else -1.0)
    if not (anchor.answered and anchor.best):
        return results
    chosen = {anchor.best.fact.fact_id}
    picked = []
    for result in results:
        if result is anchor:
            picked.append(result)
            continue

        def parallel_score(c: Candidate) -> float:
            a = anchor.best.fact  # type: ignore[union-attr]
            bonus = PARALLEL_BONUS if (c.fact.kind, c.fact.unit) == (a.kind, a.unit) else 0.0
            return c.score + bonus + (SAME_SENTENCE_BONUS if c.fact.sentence_id == a.sentence_id else 0.0)

        options = [c for c in result.ranked[:20] if c.fact.fact_id not in chosen]
        best = max(options, key=parallel_score) if options else None
        answered = best is not None and supported(result.question, best)  # judged as ranked, not by the bonus
        if best and answered:
            chosen.add(best.fact.fact_id)
        picked.append(FigureChoice(result.question, best, answered, result.ranked))
    return picked


def _part_label(question: Question, part: Question) -> str | None:
    """The item a compound part asks about; None when parts differ only by year (the year label says it)."""
    if len(question.years) == 2:
        return None
    return part.text.split(" ")[0]


def _missing_note(question: Question, missing: list[FigureChoice]) -> str:
    labels = "、".join(_part_label(question, r.question) or f"{r.question.years[0]}年" for r in missing)
    if question.language == "en":
        return f"The report gives no figure for: {labels}."
    return f"报告没有给出{labels}的数字"
