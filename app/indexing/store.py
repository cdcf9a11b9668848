"""The built index, loaded once: documents, chunk and fact tables, and the retrievers over them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from app.corpus.chunking import Chunk, sentence_id
from app.corpus.documents import Document, load_documents
from app.corpus.facts import Fact
from app.indexing.builder import (
    CHUNKS_FILE,
    CLAUSE_VECTORS,
    ENGLISH_BRIDGE,
    FACT_QUESTION_VECTORS,
    FACT_VECTORS,
    FACTS_FILE,
    PASSAGE_VECTORS,
)
from app.indexing.manifest import ensure_current
from app.indexing.passages import fact_text, passage_text, retrievable_passages
from app.lexical.english import EnglishBridge
from app.retrieval.dense import DenseIndex
from app.retrieval.hybrid import HybridRetriever
from app.retrieval.keyword import KeywordIndex
from app.retrieval.weights import TermWeights


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as rows:
        return [json.loads(line) for line in rows if line.strip()]


@dataclass
class ReportIndex:
    """Everything answering needs from the index, in memory."""

    manifest: dict
    documents: dict[str, Document]
    sentences: list[Chunk]
    facts: list[Fact]
    passage_retriever: HybridRetriever
    fact_retriever: HybridRetriever
    chunks: list[Chunk]  # every heading, paragraph, sentence and clause, in document order
    clause_vectors: DenseIndex  # one vector per clause, in document order
    english: EnglishBridge  # English phrases → the report's words

    @classmethod
    def load(cls, docs_dir: Path, index_dir: Path, model_id: str) -> ReportIndex:
        """Load the index, refusing a stale one (StaleIndexError says how to rebuild)."""
        docs = load_documents(docs_dir)
        manifest = ensure_current(index_dir, docs, model_id)
        chunks = [Chunk(**row) for row in _read_jsonl(index_dir / CHUNKS_FILE)]
        sentences = retrievable_passages(chunks)
        facts = [Fact(**row) for row in _read_jsonl(index_dir / FACTS_FILE)]
        passages = HybridRetriever(
            KeywordIndex([passage_text(c) for c in sentences]),
            DenseIndex.load(index_dir / PASSAGE_VECTORS),
            [c.year for c in sentences],
        )
        fact_retriever = HybridRetriever(
            KeywordIndex([fact_text(f) for f in facts]),
            DenseIndex.load(index_dir / FACT_VECTORS, index_dir / FACT_QUESTION_VECTORS),
            [f.year for f in facts],
        )
        return cls(manifest, {d.doc_id: d for d in docs}, sentences, facts, passages, fact_retriever, chunks,
                   DenseIndex.load(index_dir / CLAUSE_VECTORS), EnglishBridge.load(index_dir / ENGLISH_BRIDGE))

    def __post_init__(self) -> None:
        self._sentence_by_id = {s.chunk_id: s for s in self.sentences}
        self._chunk_by_id = {c.chunk_id: c for c in self.chunks}
        self._clauses: dict[str, list[Chunk]] = {}
        self._sentences_of: dict[tuple[str, int], list[Chunk]] = {}
        for chunk in self.chunks:
            if chunk.level == "clause":
                self._clauses.setdefault(sentence_id(chunk.chunk_id), []).append(chunk)
            elif chunk.level == "sentence":
                self._sentences_of.setdefault((chunk.doc_id, chunk.paragraph), []).append(chunk)
        self.headings = [c for c in self.chunks if c.level == "heading"]
        self.term_weights = TermWeights([s.text for s in self.sentences])
        self.clause_chunks = [c for c in self.chunks if c.level == "clause"]
        self.clause_row = {c.chunk_id: row for row, c in enumerate(self.clause_chunks)}

    def chunk(self, chunk_id: str) -> Chunk:
        """Any chunk (heading, paragraph, sentence or clause) by id."""
        return self._chunk_by_id[chunk_id]

    def clauses(self, sentence: str) -> list[Chunk]:
        """The clauses of a sentence (by id), in order."""
        return self._clauses.get(sentence, [])

    def clause_siblings(self, clause: Chunk) -> tuple[list[Chunk], int]:
        """The clauses of a clause's sentence, and the clause's position among them."""
        siblings = self.clauses(sentence_id(clause.chunk_id))
        return siblings, next(i for i, c in enumerate(siblings) if c.chunk_id == clause.chunk_id)

    @property
    def covered_years(self) -> tuple[int, ...]:
        """The years the documents speak about (each report's review year and its own year)."""
        return tuple(sorted({y for d in self.documents.values() for y in d.covered_years}))

    def paragraph_sentences(self, doc_id: str, paragraph: int) -> list[Chunk]:
        """Every sentence of a paragraph (its topic sentence included), in order."""
        return self._sentences_of.get((doc_id, paragraph), [])

    def sentence(self, chunk_id: str) -> Chunk:
        """The retrievable sentence with this id."""
        return self._sentence_by_id[chunk_id]

    def title(self, doc_id: str) -> str:
        """The document's title, as cited."""
        return self.documents[doc_id].title
