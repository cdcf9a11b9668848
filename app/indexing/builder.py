"""Build the index: chunk every document, extract facts, embed passages and facts, write `index/`."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

from app.corpus.chunking import chunk_document
from app.corpus.documents import load_documents
from app.corpus.facts import extract_facts
from app.embedding.encoder import TextEncoder
from app.indexing.manifest import MANIFEST_FILE, expected_manifest
from app.indexing.passages import clause_text, fact_question, fact_text, passage_text, retrievable_passages
from app.lexical.english import build_tables

log = logging.getLogger(__name__)

CHUNKS_FILE, FACTS_FILE = "chunks.jsonl", "facts.jsonl"
PASSAGE_VECTORS, FACT_VECTORS, CLAUSE_VECTORS = "passages.faiss", "facts.faiss", "clauses.faiss"
FACT_QUESTION_VECTORS = "fact-questions.faiss"
ENGLISH_BRIDGE = "english.json"


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _flat_index(vectors: np.ndarray) -> faiss.Index:
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    return index


def build_index(docs_dir: Path, index_dir: Path, encoder: TextEncoder, model_id: str) -> dict:
    """Build every artifact into `index_dir` (atomically replaced) and return the manifest."""
    started = time.perf_counter()
    docs = load_documents(docs_dir)
    chunks = [chunk for doc in docs for chunk in chunk_document(doc)]
    facts = extract_facts([c for c in chunks if c.level == "clause"])
    sentences = retrievable_passages(chunks)
    log.info("%d documents → %d chunks (%d sentences), %d facts", len(docs), len(chunks), len(sentences), len(facts))

    log.info("embedding %d sentences…", len(sentences))
    passage_vectors = encoder.passages([passage_text(c) for c in sentences])
    log.info("embedding %d facts…", len(facts))
    fact_vectors = encoder.passages([fact_text(f) for f in facts])
    log.info("embedding the questions %d facts answer…", len(facts))
    fact_question_vectors = encoder.queries([fact_question(f) for f in facts])
    clauses = [c for c in chunks if c.level == "clause"]
    log.info("embedding %d clauses…", len(clauses))
    clause_vectors = encoder.passages([clause_text(c) for c in clauses])

    index_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=index_dir))
    try:
        _write_jsonl(staging / CHUNKS_FILE, [c.to_dict() for c in chunks])
        _write_jsonl(staging / FACTS_FILE, [f.to_dict() for f in facts])
        faiss.write_index(_flat_index(passage_vectors), str(staging / PASSAGE_VECTORS))
        faiss.write_index(_flat_index(fact_vectors), str(staging / FACT_VECTORS))
        faiss.write_index(_flat_index(fact_question_vectors), str(staging / FACT_QUESTION_VECTORS))
        faiss.write_index(_flat_index(clause_vectors), str(staging / CLAUSE_VECTORS))
        bridge = build_tables("\n".join(d.text for d in docs))
        (staging / ENGLISH_BRIDGE).write_text(json.dumps(bridge, ensure_ascii=False), encoding="utf-8")
        manifest = expected_manifest(docs, model_id) | {
            "titles": {d.doc_id: d.title for d in docs},
            "counts": {"documents": len(docs), "chunks": len(chunks), "sentences": len(sentences),
                       "facts": len(facts), "clauses": len(clauses),
                       "english_phrases": len(bridge["glosses"]), "pinyin_keys": len(bridge["pinyin"])},
            "dimension": encoder.dimension,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "build_seconds": round(time.perf_counter() - started, 2),
        }
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        # The manifest moves last, so a crash mid-way leaves an index that reads as stale, never half-new.
        (index_dir / MANIFEST_FILE).unlink(missing_ok=True)
        for name in (CHUNKS_FILE, FACTS_FILE, PASSAGE_VECTORS, FACT_VECTORS, FACT_QUESTION_VECTORS, CLAUSE_VECTORS,
                     ENGLISH_BRIDGE,
                     MANIFEST_FILE):
            (staging / name).replace(index_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("index written to %s in %.1f s", index_dir, manifest["build_seconds"])
    return manifest
