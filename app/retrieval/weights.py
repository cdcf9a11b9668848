"""How much a bigram says: its inverse document frequency over the report's sentences, and how much of a question's
words a text holds. One instance per index, shared by everything that weighs words."""

from __future__ import annotations

import functools
import math
from collections import Counter

from app.retrieval.text import bigrams

# A question word the report never uses counts at this share of the mean IDF: the question may be about something
# the report does not cover.
UNSEEN_WEIGHT = 0.5
# A word whose bigrams include one found in at most this many of the report's sentences is specific to a topic
# (粮食, 贷款, 基站), not the language of plans and results (力争, 达到, 提高, 目标). Read off the IDFs of the Tongliao
# report's 158 sentences; a much longer document would want a share rather than a count.
SPECIFIC_MAX_SENTENCES = 4


class TermWeights:
    """Inverse document frequency of bigrams over a report's sentences (texts)."""

    def __init__(self, texts: list[str]) -> None:
        docs = [set(bigrams(t)) for t in texts]
        df = Counter(t for d in docs for t in d)
        self._idf = {t: math.log(1 + len(docs) / n) for t, n in df.items()}
        self._specific = math.log(1 + len(docs) / SPECIFIC_MAX_SENTENCES)
        self._unseen = UNSEEN_WEIGHT * sum(self._idf.values()) / max(1, len(self._idf))
        self._totals: dict[frozenset[str], float] = {}

    def weight(self, term: str) -> float:
        """The term's IDF (a discounted mean for terms the report never uses)."""
        return self._idf.get(term, self._unseen)

    def known(self, word: str) -> bool:
        """True when the report uses every bigram of `word`."""
        return all(t in self._idf for t in bigrams(word))

    def specific_bigrams(self, text: str) -> list[str]:
        """The bigrams of `text` that the report uses but rarely: they name a topic (粮食, 贷款, 基站), unlike the
        language of plans and results (力争, 达到, 提高, 目标) or words the report never uses."""
        return [t for t in bigrams(text) if self._idf.get(t, 0.0) >= self._specific]

    def coverage(self, terms: frozenset[str], text: str) -> float:
        """Share of the terms' weight found in `text`."""
        total = self._totals.get(terms)
        if total is None:
            total = self._totals[terms] = sum(self.weight(t) for t in terms)  # a race only recomputes the same
            if len(self._totals) > 4096:
                self._totals.clear()
        if not total:
            return 0.0
        present = bigram_set(text)
        return sum(self.weight(t) for t in terms if t in present) / total


@functools.lru_cache(maxsize=8192)
def bigram_set(text: str) -> frozenset[str]:
    """The bigrams of a text, cached: the report's sentences and clauses recur from question to question."""
    return frozenset(bigrams(text))
