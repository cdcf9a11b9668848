import dataclasses
import json
from pathlib import Path

import pytest

from app.corpus.documents import Document, load_documents
from app.indexing.manifest import StaleIndexError, ensure_current, staleness
from app.indexing.store import ReportIndex


def test_current_index_is_accepted(current_index: Path, settings) -> None:
    docs = load_documents(settings.docs_dir)
    assert staleness(current_index, docs, settings.model_id) is None


def test_changed_document_model_or_version_is_stale(current_index: Path, settings, report: Document,
                                                    tmp_path: Path) -> None:
    docs = load_documents(settings.docs_dir)
    edited = [dataclasses.replace(report, sha256="0" * 64)]
    assert "documents" in (staleness(current_index, edited, settings.model_id) or "")
    assert "model_id" in (staleness(current_index, docs, "some/other-model") or "")
    manifest = json.loads((current_index / "manifest.json").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps(manifest | {"chunker_version": "0"}))
    assert "chunker_version" in (staleness(tmp_path, docs, settings.model_id) or "")
    assert staleness(tmp_path / "missing", docs, settings.model_id) is not None


def test_loading_a_stale_index_says_how_to_rebuild(settings, tmp_path: Path) -> None:
    with pytest.raises(StaleIndexError, match="build-index"):
        ReportIndex.load(settings.docs_dir, tmp_path, settings.model_id)
    with pytest.raises(StaleIndexError, match="build-index"):
        ensure_current(tmp_path, load_documents(settings.docs_dir), settings.model_id)
