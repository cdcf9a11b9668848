"""Candidate facts for a question, scored by retrieval, metric-phrase match, kind, unit and year."""

from __future__ import annotations

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
DENSE_FLOOR = 0.80  # e5 cosines of unrelated texts sit around 0.75-0.8; only the excess is evidence
# The engine looks at no more than the best 20 (parallel parts, twins of the other year, closest metric).
CANDIDATES_KEPT = 20


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
    margin: float = 0.0  # score above the best candidate with another value: how clearly this one wins
    dense_lead: float = 0.0  # embedding similarity above the closest fact with another value


class FactScorer:
    """Ranks the facts of an index against analysed questions.

    Every fact is scored at once with arrays: the term sets of facts and sentences become postings lists at start-up,
    so a question costs one pass over its own few terms rather than set arithmetic per fact."""

    def __init__(self, index: ReportIndex) -> None:
        self._index = index
        facts = index.facts
        self._weights = index.term_weights
        per_sentence = Counter(f.sentence_id for f in facts)
        # The sole figure of a sentence is what the whole sentence is about ("推进中心城区…实施…项目130个以上").
        self._local = _postings([set(bigrams(self._local_text(f, per_sentence[f.sentence_id] == 1))) for f in facts])
        self._sentence = _postings([set(bigrams(s.text + s.lead)) for s in index.sentences])
        metric_terms = [{t for t in bigrams(_VERB_TAIL.sub("", f.metric)) if len(t) > 1} for f in facts]
        self._metric = _postings(metric_terms)
        self._metric_weight = np.array([sum(self._weight(t) for t in terms) for terms in metric_terms])
        row_of_sentence = {s.chunk_id: row for row, s in enumerate(index.sentences)}
        self._sentence_rows = np.array([row_of_sentence[f.sentence_id] for f in facts], dtype=np.int64)
        self._kinds = np.array([f.kind for f in facts])
        self._years = np.array([f.year for f in facts])
        self._values = [f.value for f in facts]
        self._chinese_count = np.array([f.unit == "cncount" for f in facts], dtype=bool)
        self._has_modifier = {m: np.array([m in f.metric + f.context for f in facts], dtype=bool)
                              for m in METRIC_MODIFIERS}
        heads = [_modified_head(f.metric) for f in facts]
        self._modified = np.array([h is not None for h in heads], dtype=bool)
        self._modified_heads = [set(bigrams(h)) if h else set() for h in heads]

    def _local_text(self, fact: Fact, sole_figure: bool) -> str:
        sentence = self._index.sentence(fact.sentence_id).text if sole_figure else ""
        return " ".join([fact.metric, fact.context, fact.lead, sentence])

    def _known(self, word: str) -> bool:
        """True when the report uses every bigram of `word`."""
        return self._weights.known(word)

    def _weight(self, term: str) -> float:
        return self._weights.weight(term)

    def _found(self, query_terms: set[str], postings: dict[str, np.ndarray], size: int) -> np.ndarray:
        """For every unit, the summed weight of the query terms it holds."""
        found = np.zeros(size)
        for term in query_terms:
            rows = postings.get(term)
            if rows is not None:
                found[rows] += self._weight(term)
        return found

    def _coverage(self, query_terms: set[str], postings: dict[str, np.ndarray], size: int) -> np.ndarray:
        """For every unit, the share of the query terms' weight it holds."""
        total = sum(self._weight(t) for t in query_terms)
        if total == 0:
            return np.zeros(size)
        return self._found(query_terms, postings, size) / total

    def _ends_with(self, unit: str) -> np.ndarray:
        return np.array([value.endswith(unit) for value in self._values], dtype=bool)

    def _kind_ok(self, question: Question, unit_ok: np.ndarray | None) -> np.ndarray | None:
        if not question.kinds:
            if "amount" in question.implied_kinds and not question.unit:
                # "财政支出总额是多少" names an amount: a share or a growth rate of it is another figure.
                return ~np.isin(self._kinds, ["rate", "share"])
            return None
        asked = set(question.kinds)
        ok = np.isin(self._kinds, list(asked))
        # Counts and measures are both "how many"; the unit decides between them. "几次" is answered by "第8次".
        if {"count", "measure"} & asked:
            ok |= np.isin(self._kinds, ["count", "measure"])
        if unit_ok is not None:
            ok |= (self._kinds == "ordinal") & unit_ok
            # A count in Chinese numerals ("九大", "六市") answers only a question asking its own counter ("几大").
            ok &= ~self._chinese_count | unit_ok
        return ok

    def rank(self, question: Question, vector: np.ndarray, limit: int = CANDIDATES_KEPT) -> list[Candidate]:
        """The best `limit` facts, best first."""
        index = self._index
        n_facts = len(index.facts)
        query_text = content_text(question)  # keyword search sees the metric words, not 多少/通辽/去年
        facts = index.fact_retriever.fuse(query_text, vector, question.year)
        passage_positions = index.passage_retriever.fuse(query_text, vector, question.year).positions
        # Lone characters ("人", "个") say little about the metric; coverage counts words of two characters or more.
        content = content_text(question, known=self._known)
        query_terms = {t for t in bigrams(content) if len(t) > 1}
        modifiers = [m for m in METRIC_MODIFIERS if m in content]
        expansion_terms = set(bigrams(question.expanded))

        local = self._coverage(query_terms, self._local, n_facts)
        in_sentence = self._coverage(query_terms, self._sentence, len(index.sentences))[self._sentence_rows]
        metric_found = self._found(query_terms | expansion_terms, self._metric, n_facts)
        precision = np.divide(metric_found, self._metric_weight, out=np.zeros(n_facts), where=self._metric_weight > 0)
        raw_dense = facts.dense.astype(np.float64)
        dense = np.maximum(0.0, raw_dense - DENSE_FLOOR) / (1 - DENSE_FLOOR)
        score = (
            W_LOCAL * local + W_PRECISION * precision + W_SENTENCE * in_sentence + W_DENSE * dense
            + W_FACT_RANK / (1 + facts.positions / 3)
            + W_PASSAGE_RANK / (1 + passage_positions[self._sentence_rows] / 3)
        )
        unit_ok = self._ends_with(question.unit) if question.unit else None
        kind_ok = self._kind_ok(question, unit_ok)
        if kind_ok is not None:
            score += np.where(kind_ok, KIND_MATCH, KIND_MISMATCH)
        else:
            score += np.where(self._kinds == "rate", UNASKED_RATE,
                              np.where(np.isin(self._kinds, list(question.implied_kinds)), IMPLIED_KIND_MATCH, 0.0))
        modifier_ok = np.ones(n_facts, dtype=bool)
        for modifier in modifiers:  # asked and missing: "人均GDP" is not GDP
            modifier_ok &= self._has_modifier[modifier]
        if not modifiers:
            # Not asked and the figure's own: "人口有多少" is not answered by 每千人口托位数 — unless the question
            # names what the figure measures after its modifier ("托位数增长了多少", "居民收入增长多少").
            names_head = np.array([bool(head & query_terms) for head in self._modified_heads], dtype=bool)
            modifier_ok &= ~self._modified | names_head
        score += np.where(modifier_ok, 0.0, MISSING_MODIFIER)
        if unit_ok is not None:
            score += np.where(unit_ok, UNIT_MATCH, UNIT_MISMATCH)
        year_ok = None if question.year is None else self._years == question.year
        if year_ok is not None:
            score += np.where(year_ok, YEAR_MATCH, YEAR_MISMATCH)

        fused_order = facts.order
        # Stable on the fused order, so equal scores keep the retriever's preference.
        best_first = fused_order[np.argsort(-score[fused_order], kind="stable")][:limit]
        closest = np.argsort(-raw_dense)[:limit]
        return [
            Candidate(index.facts[row], float(score[row]), float(local[row]), float(in_sentence[row]),
                      float(raw_dense[row]), None if kind_ok is None else bool(kind_ok[row]),
                      None if year_ok is None else bool(year_ok[row]), bool(modifier_ok[row]),
                      margin=_lead(score, row, rival), dense_lead=_lead(raw_dense, row, self._rival(closest, row)))
            for row, rival in ((row, self._rival(best_first, row)) for row in best_first)
        ]

    def _rival(self, best_first: np.ndarray, row: int) -> int | None:
        """The first row of `best_first` whose figure differs from `row`'s (the same figure stated twice is no
        rival)."""
        value = self._values[row]
        return next((int(r) for r in best_first if self._values[r] != value), None)


def _lead(values: np.ndarray, row: int, rival: int | None) -> float:
    return float(values[row] - (values[rival] if rival is not None else 0.0))


_MODIFIER_PHRASE = re.compile(r"(?:人均|平均|每[千万百](?:人口|人|户)?)")


def _modified_head(metric: str) -> str | None:
    """What a modified metric measures, after its modifier ("每千人口托位数" → 托位数); None when unmodified."""
    m = _MODIFIER_PHRASE.search(metric)
    return metric[m.end() :] if m else None


def _postings(term_sets: list[set[str]]) -> dict[str, np.ndarray]:
    """Term -> the rows whose set holds it."""
    rows: dict[str, list[int]] = {}
    for row, terms in enumerate(term_sets):
        for term in terms:
            rows.setdefault(term, []).append(row)
    return {term: np.array(found, dtype=np.int64) for term, found in rows.items()}
