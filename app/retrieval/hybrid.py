"""Hybrid retrieval: reciprocal-rank fusion of BM25 bigrams and dense vectors, steered by the question's year."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from app.retrieval.dense import DenseIndex
from app.retrieval.keyword import KeywordIndex

RRF_K = 20  # small corpus: a low constant lets the top ranks of each list count
YEAR_BONUS = 0.5  # in units of a first-place RRF vote


@dataclass(frozen=True)
class Ranked:
    """A unit's position in the fused ranking and the evidence behind it."""

    row: int
    score: float
    keyword: float
    dense: float


@dataclass(frozen=True)
class Fusion:
    """Every unit's fused score and the evidence behind it, as arrays in corpus order."""

    fused: np.ndarray
    keyword: np.ndarray
    dense: np.ndarray

    @cached_property
    def order(self) -> np.ndarray:
        """Rows, best first (ties keep corpus order)."""
        return np.argsort(-self.fused, kind="stable")

    @cached_property
    def positions(self) -> np.ndarray:
        """Each row's place in that order, 0 for the best."""
        return _positions(self.order)


def _positions(order: np.ndarray) -> np.ndarray:
    positions = np.empty(len(order), dtype=np.int64)
    positions[order] = np.arange(len(order))
    return positions


def _ranks(scores: np.ndarray) -> np.ndarray:
    return _positions(np.argsort(-scores, kind="stable"))


class HybridRetriever:
    """Fuses a keyword and a dense index over the same units, in the same order."""

    def __init__(self, keyword: KeywordIndex, dense: DenseIndex, years: list[int]) -> None:
        if keyword.size != dense.size or dense.size != len(years):
            raise ValueError("keyword index, dense index and year list must cover the same units")
        self._keyword, self._dense = keyword, dense
        self._years = np.asarray(years)

    def fuse(self, query_text: str, query_vector: np.ndarray, year: int | None) -> Fusion:
        """The fused scores of every unit."""
        keyword = self._keyword.scores(query_text)
        dense = self._dense.scores(query_vector)
        fused = 1.0 / (RRF_K + 1 + _ranks(dense))
        if keyword.max() > 0:
            fused += 1.0 / (RRF_K + 1 + _ranks(keyword))
        if year is not None:
            fused += np.where(self._years == year, YEAR_BONUS / (RRF_K + 1), 0.0)
        return Fusion(fused, keyword, dense)

    def rank(self, query_text: str, query_vector: np.ndarray, year: int | None, limit: int | None = None
             ) -> list[Ranked]:
        """The best `limit` units (all when None), best first."""
        fusion = self.fuse(query_text, query_vector, year)
        return [Ranked(int(i), float(fusion.fused[i]), float(fusion.keyword[i]), float(fusion.dense[i]))
                for i in fusion.order[:limit]]
