"""Answering: analyse the question once, decide what it wants, route it to one answerer, check the answer against
the report, and write it out."""

from __future__ import annotations

import numpy as np

from app.answering.answerers.base import Answerer, Draft
from app.answering.answerers.comparison import ComparisonAnswerer
from app.answering.answerers.definition import DefinitionAnswerer
from app.answering.answerers.figure import FigureAnswerer
from app.answering.answerers.listing import ListAnswerer
from app.answering.answerers.measures import MeasuresAnswerer
from app.answering.answerers.name import NameAnswerer
from app.answering.answerers.overview import OverviewAnswerer
from app.answering.answerers.purpose import PurposeAnswerer
from app.answering.answerers.yesno import YesNoAnswerer
from app.answering.cache import AnswerCache
from app.answering.calibration import MIN_CONFIDENCE, UNSEEN_PENALTY
from app.answering.candidates import Candidate
from app.answering.confidence import ConfidenceScale, group_of
from app.answering.evidence import Evidence, EvidenceFinder
from app.answering.guard import is_grounded
from app.answering.intent import (
    COMPARISON,
    DEFINITION,
    FIGURE,
    LIST,
    MEASURES,
    NAME,
    OVERVIEW,
    PURPOSE,
    YESNO,
    names_only_a_topic,
    question_want,
)
from app.answering.lexicon import ENGLISH
from app.answering.models import Answer, RetrievedPassage
from app.answering.question import Question, analyze, content_text
from app.answering.render import Renderer
from app.answering.scope import PROCEDURE, out_of_scope
from app.corpus.chunking import Chunk
from app.embedding.encoder import TextEncoder
from app.indexing.store import ReportIndex
from app.lexical.cedict import general_vocabulary
from app.lexical.spelling import SpellingCorrector
from app.retrieval.text import normalize


class AnswerEngine:
    """Answers questions from a loaded index with an embedding model; holds no per-request state."""

    def __init__(self, index: ReportIndex, encoder: TextEncoder, max_citations: int = 5,
                 cache_size: int = 0) -> None:
        self._index = index
        # Lives as long as this engine, which lives as long as its index: a rebuilt index means a new cache.
        self._cache = AnswerCache(cache_size)
        self._encoder = encoder
        self._figures = FigureAnswerer(index, max_citations)
        self._comparison = ComparisonAnswerer(index, self._figures, max_citations)
        self._finder = EvidenceFinder(index)
        report_text = "\n".join(document.text for document in index.documents.values())
        glossary = {word for key in ENGLISH for word in key.split()}
        self._spelling = SpellingCorrector(report_text, glossary, index.english.words(), *general_vocabulary())
        self._answerers: dict[str, Answerer] = {
            NAME: NameAnswerer(index), LIST: ListAnswerer(index), MEASURES: MeasuresAnswerer(index),
            YESNO: YesNoAnswerer(index), DEFINITION: DefinitionAnswerer(index), OVERVIEW: OverviewAnswerer(index),
            PURPOSE: PurposeAnswerer(index),
        }
        self._render = Renderer(index, max_citations)
        self._confidence = ConfidenceScale.load()

    @property
    def index(self) -> ReportIndex:
        """The index this engine answers from."""
        return self._index

    def ask(self, text: str, include_retrieval: bool = False) -> Answer:
        """The answer to one question (with the retriever's top passages when asked)."""
        key = (normalize(" ".join(text.split())), include_retrieval)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        answer = self._answer(text, include_retrieval)
        group = group_of(answer.kind, answer.answerable)
        answer = answer.model_copy(update={"score": answer.confidence, "question": text,  # as asked, not as corrected
                                           "confidence": self._confidence.probability(group, answer.confidence)})
        self._cache.put(key, answer)
        return answer

    def _answer(self, text: str, include_retrieval: bool) -> Answer:
        text = self._spelling.correct(text)
        question = analyze(text, self._index.english)
        want = question_want(text, len(question.years))
        figure_like = want in (FIGURE, COMPARISON)
        parts = question.sub_questions if figure_like and question.sub_questions else [question]
        vectors = self._encoder.queries([p.expanded for p in parts])
        gap = out_of_scope(question, self._index.covered_years)
        if gap is not None:
            # Who holds an office, another year, an address: nothing nearby in the report is about that.
            nearest = self._nearest(question, vectors[0]) if gap.missing == PROCEDURE else []
            answer = self._render.refusal(text, question.language, gap.missing, nearest, asked_years=gap.asked_years)
        elif want == COMPARISON:
            answer = self._comparison.answer(question, vectors) or self._render.uncomparable(
                self._figures.answer(question, vectors), question.language)
        elif figure_like:
            answer = self._figures.answer(question, vectors)
            if not answer.answerable and want == FIGURE and not question.kinds and names_only_a_topic(text):
                # Only a topic ("今年冬天供暖？"): what the report plans or did about it competes with "no figure".
                evidence = self._finder.find(question, vectors[0])
                planned = self._drafted(MEASURES, self._answerers[MEASURES].answer(evidence), evidence)
                answer = planned if planned.answerable else answer
        else:
            evidence = self._finder.find(question, vectors[0])
            draft = self._answerers[want].answer(evidence)
            if draft is None and want == OVERVIEW:  # a topic, not a part of the report: what it says about it
                want = DEFINITION if evidence.quoted else MEASURES  # "“政策落地工程”的主要内容" explains the term
                draft = self._answerers[want].answer(evidence)
            answer = self._drafted(want, draft, evidence)
        if not is_grounded(answer, self._index.documents):
            answer = self._render.refusal(text, question.language, "not_covered",
                                          self._nearest(question, vectors[0]))
        answer = self._render.finish(answer, question.language)
        if include_retrieval:
            answer.retrieval = self._retrieved(question, vectors[0])
        return answer

    def figure_contest(self, text: str) -> tuple[Question, list[Candidate]] | None:
        """A single-figure question's reading and its candidate figures, best first; None for a question of another
        kind, a compound one, or one no report answers. For fitting the figure decision (evals/calibrate.py)."""
        text = self._spelling.correct(text)
        question = analyze(text, self._index.english)
        if (question_want(text, len(question.years)) != FIGURE or question.sub_questions
                or out_of_scope(question, self._index.covered_years) is not None):
            return None
        return question, self._figures.ranked(question, self._encoder.queries([question.expanded])[0])

    def _drafted(self, want: str, draft: Draft | None, evidence: Evidence) -> Answer:
        """The draft written out, or the refusal that says what the report does not give."""
        question = evidence.question
        # Passages that share none of the question's words are not "nearby" ("天气" → 大气污染防治): none shown.
        nearest = [p.chunk.chunk_id for p in evidence.passages[:3] if p.coverage > 0]
        if draft is not None and want == DEFINITION and not draft.pieces and draft.context:
            return self._render.refusal(question.text, question.language, "definition", nearest,
                                        term=draft.term or "", mention=draft.context[0])
        asked_nothing = not evidence.terms and want != OVERVIEW  # "今年呢？" alone names no topic
        if draft is not None:
            # Words the report never uses ("天气", "地铁") are what the question is about: the match is weaker.
            ends = "".join(p.text[-1] for p in draft.pieces) if want == LIST else ""
            if not evidence.quoted:  # a term quoted from the report anchors the question, however it is worded
                draft.confidence -= UNSEEN_PENALTY.get(want, 0.0) * evidence.unseen_share(ends)
        if draft is None or not draft.pieces or draft.confidence < MIN_CONFIDENCE[want] or asked_nothing:
            return self._render.refusal(question.text, question.language,
                                        "yesno" if want == YESNO else "not_covered", nearest)
        return self._render.draft(draft, question.text, question.language)

    def _nearest(self, question: Question, vector: np.ndarray) -> list[str]:
        return [p.chunk_id for p, _ in self._passages(question, vector, 3)]

    def _passages(self, question: Question, vector: np.ndarray, k: int) -> list[tuple[Chunk, float]]:
        """The best `k` sentences of one retrieval of the question's words, with their fused scores."""
        ranked = self._index.passage_retriever.rank(content_text(question), vector, question.year, limit=k)
        return [(self._index.sentences[r.row], r.score) for r in ranked]

    def retrieve(self, text: str, k: int = 5) -> list[RetrievedPassage]:
        """Retrieval alone: the top passages for a question, without answering it."""
        question = analyze(text)
        return self._retrieved(question, self._encoder.queries([question.expanded])[0], k)

    def _retrieved(self, question: Question, vector: np.ndarray, k: int = 5) -> list[RetrievedPassage]:
        return [RetrievedPassage(doc_id=p.doc_id, paragraph=p.paragraph, start=p.start, end=p.end,
                                 score=round(score, 4)) for p, score in self._passages(question, vector, k)]
