import dataclasses
import json
from pathlib import Path

import numpy as np
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


def test_a_fact_is_embedded_as_its_clause_and_as_the_question_it_answers(current_index: Path) -> None:
    from app.indexing.builder import FACT_QUESTION_VECTORS, FACT_VECTORS
    from app.retrieval.dense import DenseIndex

    both = DenseIndex.load(current_index / FACT_VECTORS, current_index / FACT_QUESTION_VECTORS)
    clause = DenseIndex.load(current_index / FACT_VECTORS)
    asked = DenseIndex.load(current_index / FACT_QUESTION_VECTORS)
    dimension = json.loads((current_index / "manifest.json").read_text(encoding="utf-8"))["dimension"]
    vector = np.random.default_rng(7).standard_normal(dimension).astype(np.float32)
    vector /= np.linalg.norm(vector)
    assert both.size == clause.size == asked.size
    assert np.allclose(both.scores(vector), (clause.scores(vector) + asked.scores(vector)) / 2, atol=1e-6)
    assert not np.allclose(clause.scores(vector), asked.scores(vector), atol=1e-3)


def test_embeddings_of_different_units_are_not_averaged(current_index: Path) -> None:
    from app.indexing.builder import CLAUSE_VECTORS, FACT_VECTORS
    from app.retrieval.dense import DenseIndex

    with pytest.raises(ValueError, match="same units"):
        DenseIndex.load(current_index / FACT_VECTORS, current_index / CLAUSE_VECTORS)
