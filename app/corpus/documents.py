"""Source documents: each `docs_src/*.json` metadata file names a text file and describes it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path


class DocumentError(ValueError):
    """A source document or its metadata is missing or inconsistent."""


@dataclass(frozen=True)
class Document:
    """One report: its metadata and its text exactly as stored on disk."""

    doc_id: str
    title: str
    city: str
    year: int
    sha256: str
    text: str

    @property
    def covered_years(self) -> tuple[int, int]:
        """The years a work report speaks about: the year it reviews (results) and its own year (plans)."""
        return self.year - 1, self.year


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_document(meta_path: Path) -> Document:
    """Read one metadata file and the text it names, checking the text's sha256."""
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        text_path = meta_path.parent / meta["text_file"]
        raw = text_path.read_bytes()
        doc = Document(
            doc_id=str(meta["id"]), title=str(meta["title"]), city=str(meta.get("city", "")),
            year=int(meta["year"]), sha256=str(meta["sha256"]), text=raw.decode("utf-8"),
        )
    except (OSError, KeyError, ValueError) as exc:
        raise DocumentError(f"{meta_path}: {exc}") from exc
    if _sha256(raw) != doc.sha256:
        raise DocumentError(
            f"{text_path} does not match the sha256 in {meta_path.name}; restore the file or update the metadata"
        )
    return doc


def load_documents(docs_dir: Path) -> list[Document]:
    """All documents described in `docs_dir`, ordered by id."""
    docs = [load_document(path) for path in sorted(docs_dir.glob("*.json"))]
    if not docs:
        raise DocumentError(f"no document metadata (*.json) found in {docs_dir}")
    ids = [d.doc_id for d in docs]
    if len(set(ids)) != len(ids):
        raise DocumentError(f"duplicate document ids in {docs_dir}: {ids}")
    return sorted(docs, key=lambda d: d.doc_id)


def corpus_fingerprint(docs: list[Document]) -> dict[str, str]:
    """Document id → sha256, as recorded in the index manifest."""
    return {d.doc_id: d.sha256 for d in docs}
