"""The index manifest: what an index was built from, so a stale or mismatched index is caught."""

from __future__ import annotations

import json
from pathlib import Path

from app.corpus.chunking import CHUNKER_VERSION
from app.corpus.documents import Document, corpus_fingerprint
from app.corpus.facts import FACTS_VERSION
from app.indexing.passages import EMBEDDED_TEXTS_VERSION
from app.lexical.english import BRIDGE_VERSION

MANIFEST_FILE = "manifest.json"


class StaleIndexError(RuntimeError):
    """The index on disk was not built from the current documents, model and code."""


def expected_manifest(docs: list[Document], model_id: str) -> dict:
    """The fields a fresh index must carry."""
    return {
        "documents": corpus_fingerprint(docs),
        "model_id": model_id,
        "chunker_version": CHUNKER_VERSION,
        "facts_version": FACTS_VERSION,
        "bridge_version": BRIDGE_VERSION,
        "embedded_texts_version": EMBEDDED_TEXTS_VERSION,
    }


def read_manifest(index_dir: Path) -> dict | None:
    """The manifest in `index_dir`, or None when there is none."""
    path = index_dir / MANIFEST_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def staleness(index_dir: Path, docs: list[Document], model_id: str) -> str | None:
    """Why the index in `index_dir` cannot be used, or None when it is current."""
    found = read_manifest(index_dir)
    if found is None:
        return f"no index in {index_dir}"
    wanted = expected_manifest(docs, model_id)
    differing = [key for key, value in wanted.items() if found.get(key) != value]
    if differing:
        return f"index in {index_dir} is stale ({', '.join(differing)} changed)"
    return None


def ensure_current(index_dir: Path, docs: list[Document], model_id: str) -> dict:
    """The manifest, or StaleIndexError with the command that rebuilds the index."""
    reason = staleness(index_dir, docs, model_id)
    if reason:
        raise StaleIndexError(f"{reason}; rebuild it with `python -m app build-index` (or `make index`)")
    manifest = read_manifest(index_dir)
    assert manifest is not None
    return manifest
