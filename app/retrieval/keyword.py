"""BM25 over character bigrams (bm25s), the keyword half of hybrid retrieval."""

from __future__ import annotations

import bm25s
import numpy as np

from app.retrieval.text import bigrams


class KeywordIndex:
    """Scores every text of a small corpus against a query with BM25."""

    def __init__(self, texts: list[str]) -> None:
        self._bm25 = bm25s.BM25()
        self._bm25.index([bigrams(t) or ["∅"] for t in texts], show_progress=False)
        self.size = len(texts)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every text, in corpus order."""
        tokens = bigrams(query)
        if not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
