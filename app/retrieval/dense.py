"""Dense vectors in a FAISS inner-product index (vectors are L2-normalised, so scores are cosines)."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np


class DenseIndex:
    """A FAISS index over one kind of unit (passages or facts), scored exhaustively: the corpus is small."""

    def __init__(self, index: faiss.Index) -> None:
        self._index = index
        self.size = int(index.ntotal)

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        """Read an index written by the builder (memory-mapped, read-only)."""
        return cls(faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY))

    def scores(self, vector: np.ndarray) -> np.ndarray:
        """Cosine of `vector` with every unit, in corpus order."""
        distances, ids = self._index.search(vector.reshape(1, -1), self.size)
        out = np.zeros(self.size, dtype=np.float32)
        out[ids[0]] = distances[0]
        return out
