"""What a developer would build instead: LangChain's recursive splitter and FAISS store, same embedding model."""

from __future__ import annotations

import time
from dataclasses import dataclass

from evals.dataset import EvalRow

CHUNK_SIZE, CHUNK_OVERLAP = 300, 50  # LangChain's documented starting point for short documents, scaled to Chinese


@dataclass(frozen=True)
class BaselineResult:
    """Recall of the gold line among retrieved chunks, and per-query retrieval latency."""

    recall_at_1: float
    recall_at_5: float
    latencies_ms: list[float]
    chunks: int


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def run_baseline(report_text: str, model_path: str, rows: list[EvalRow]) -> BaselineResult:
    """Index the report the LangChain way and retrieve the top 5 chunks for every answerable row."""
    from langchain_community.vectorstores import FAISS
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                              separators=["\n\n", "\n", "。", "；", ",", "，", ""],
                                              add_start_index=True)
    documents = splitter.create_documents([report_text])
    embeddings = HuggingFaceEmbeddings(model_name=model_path, model_kwargs={"device": "cpu"},
                                       encode_kwargs={"normalize_embeddings": True})
    store = FAISS.from_documents(documents, embeddings)
    hits1 = hits5 = 0
    latencies = []
    answerable = [r for r in rows if r.answerable]
    store.similarity_search(answerable[0].question, k=5)  # warm-up
    for row in answerable:
        started = time.perf_counter()
        found = store.similarity_search(row.question, k=5)
        latencies.append((time.perf_counter() - started) * 1000)
        spans = []
        for doc in found:
            start = int(doc.metadata["start_index"])
            spans.append(range(_line_of(report_text, start), _line_of(report_text, start + len(doc.page_content)) + 1))
        gold = row.lines[0]
        hits1 += bool(spans) and gold in spans[0]
        hits5 += any(gold in span for span in spans)
    return BaselineResult(hits1 / len(answerable), hits5 / len(answerable), latencies, len(documents))
