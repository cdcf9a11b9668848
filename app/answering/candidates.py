"""Candidate facts for a question, scored by retrieval, metric-phrase match, kind, unit and year."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from app.answering.lexicon import METRIC_MODIFIERS
from app.answering.question import Question, content_text
from app.corpus.facts import Fact
from app.indexing.store import ReportIndex
from app.retrieval.text import bigrams

# Weights of the evidence; calibrated on evals/questions.jsonl (see evals/README.md).
W_LOCAL, W_SENTENCE, W_DENSE, W_FACT_RANK, W_PASSAGE_RANK = 0.8, 0.15, 0.8, 0.25, 0.15
W_PRECISION = 0.3  # how much of the figure's own metric phrase the question uses ("开复工重点项目" vs "重点项目")
KIND_MATCH, KIND_MISMATCH = 0.15, -0.35
UNASKED_RATE = -0.2
IMPLIED_KIND_MATCH = 0.1  # "收入是多少" asks for a level; a growth rate is only a weak answer to it
MISSING_MODIFIER = -0.6  # ranking penalty; the engine also refuses a best figure that lacks the modifier
UNIT_MATCH, UNIT_MISMATCH = 0.15, -0.25
YEAR_MATCH, YEAR_MISMATCH = 0.1, -0.6
# Question words the report never uses (常住人口, price) count against coverage at this share of the mean IDF:
# the question is about something the report may not cover.
UNSEEN_WEIGHT = 0.5
DENSE_FLOOR = 0.80  # e5 cosines of unrelated texts sit around 0.75-0.8; only the excess is evidence


_VERB_TAIL = re.compile(r"(?:完成|达到|达|增长|提高|突破|实现|降低|保持在|提高到)+$")


@dataclass(frozen=True)
class Candidate:
    """A fact and why it might answer the question."""

    fact: Fact
    score: float
    local: float  # share of the question's metric words found around the figure
    in_sentence: float  # share found anywhere in the figure's sentence
    dense: float
    kind_ok: bool | None
    year_ok: bool | None
    modifier_ok: bool = True


class FactScorer:
    """Ranks the facts of an index against analysed questions."""

    def __init__(self, index: ReportIndex) -> None:
        self._index = index
        docs = [set(bigrams(s.text)) for s in index.sentences]
        df = Counter(t for d in docs for t in d)
        self._idf = {t: math.log(1 + len(docs) / n) for t, n in df.items()}
        self._unseen_idf = UNSEEN_WEIGHT * sum(self._idf.values()) / max(1, len(self._idf))
        per_sentence = Counter(f.sentence_id for f in index.facts)
        # The sole figure of a sentence is what the whole sentence is about ("推进中心城区…实施…项目130个以上").
        self._local_terms = [set(bigrams(self._local_text(f, per_sentence[f.sentence_id] == 1))) for f in index.facts]
        self._sentence_terms = {s.chunk_id: set(bigrams(s.text + s.lead)) for s in index.sentences}
        self._metric_terms = [{t for t in bigrams(_VERB_TAIL.sub("", f.metric)) if len(t) > 1} for f in index.facts]

    def _local_text(self, fact: Fact, sole_figure: bool) -> str:
        sentence = self._index.sentence(fact.sentence_id).text if sole_figure else ""
        return " ".join([fact.metric, fact.context, fact.lead, sentence])

    def _known(self, word: str) -> bool:
        """True when the report uses every bigram of `word`."""
        return all(t in self._idf for t in bigrams(word))

    def _weight(self, term: str) -> float:
        return self._idf.get(term, self._unseen_idf)

    def _coverage(self, query_terms: set[str], terms: set[str]) -> float:
        total = sum(self._weight(t) for t in query_terms)
        if total == 0:
            return 0.0
        return sum(self._weight(t) for t in query_terms & terms) / total

    def rank(self, question: Question, vector: np.ndarray) -> list[Candidate]:
        """Every fact, best first."""
        index = self._index
        query_text = content_text(question)  # keyword search sees the metric words, not 多少/通辽/去年
        facts_ranked = index.fact_retriever.rank(query_text, vector, question.year)
        passages_ranked = index.passage_retriever.rank(query_text, vector, question.year)
        passage_rank = {index.sentences[r.row].chunk_id: i for i, r in enumerate(passages_ranked)}
        # Lone characters ("人", "个") say little about the metric; coverage counts words of two characters or more.
        content = content_text(question, known=self._known)
        query_terms = {t for t in bigrams(content) if len(t) > 1}
        modifiers = [m for m in METRIC_MODIFIERS if m in content]
        expansion_terms = set(bigrams(question.expanded))
        candidates = []
        for position, ranked in enumerate(facts_ranked):
            fact = index.facts[ranked.row]
            sentence = self._index.sentence(fact.sentence_id)
            local = self._coverage(query_terms, self._local_terms[ranked.row])
            precision = self._coverage(self._metric_terms[ranked.row], query_terms | expansion_terms)
            in_sentence = self._coverage(query_terms, self._sentence_terms[sentence.chunk_id])
            dense = max(0.0, ranked.dense - DENSE_FLOOR) / (1 - DENSE_FLOOR)
            score = (
                W_LOCAL * local + W_PRECISION * precision + W_SENTENCE * in_sentence + W_DENSE * dense
                + W_FACT_RANK / (1 + position / 3) + W_PASSAGE_RANK / (1 + passage_rank[fact.sentence_id] / 3)
            )
            kind_ok = _kind_ok(question, fact)
            if kind_ok is not None:
                score += KIND_MATCH if kind_ok else KIND_MISMATCH
            elif fact.kind == "rate":
                score += UNASKED_RATE
            elif fact.kind in question.implied_kinds:
                score += IMPLIED_KIND_MATCH
            modifier_ok = all(m in fact.metric + fact.context for m in modifiers)
            if not modifier_ok:
                score += MISSING_MODIFIER
            if question.unit:
                score += UNIT_MATCH if fact.value.endswith(question.unit) else UNIT_MISMATCH
            year_ok = None if question.year is None else fact.year == question.year
            if year_ok is not None:
                score += YEAR_MATCH if year_ok else YEAR_MISMATCH
            candidates.append(Candidate(fact, score, local, in_sentence, ranked.dense, kind_ok, year_ok, modifier_ok))
        candidates.sort(key=lambda c: -c.score)
        return candidates


def _kind_ok(question: Question, fact: Fact) -> bool | None:
    if not question.kinds:
        return None
    asked = set(question.kinds)
    if fact.kind in asked:
        return True
    # Counts and measures are both "how many"; the unit decides between them. "几次" is answered by "第8次".
    if {"count", "measure"} & asked and fact.kind in {"count", "measure"}:
        return True
    return fact.kind == "ordinal" and bool(question.unit) and fact.value.endswith(question.unit or "")
