"""Dense vectors in a FAISS inner-product index (vectors are L2-normalised, so scores are cosines)."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np


class DenseIndex:
    """FAISS indexes over one kind of unit (passages or facts), scored exhaustively: the corpus is small. A unit
    embedded as several texts (a fact as its clause and as a question it answers) scores the mean of its cosines."""

    def __init__(self, *indexes: faiss.Index) -> None:
        sizes = {int(index.ntotal) for index in indexes}
        if len(sizes) != 1:
            raise ValueError("every embedding of the units must cover the same units")
        self._indexes = indexes
        self.size = sizes.pop()

    @classmethod
    def load(cls, *paths: Path) -> DenseIndex:
        """Read indexes written by the builder (memory-mapped, read-only)."""
        return cls(*(faiss.read_index(str(p), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY) for p in paths))

    def scores(self, vector: np.ndarray) -> np.ndarray:
        """Cosine of `vector` with every unit (the mean over its embeddings), in corpus order."""
        out = np.zeros(self.size, dtype=np.float32)
        for index in self._indexes:
            distances, ids = index.search(vector.reshape(1, -1), self.size)
            out[ids[0]] += distances[0]
        return out / len(self._indexes)
