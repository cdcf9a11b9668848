"""Shared fixtures: the real model, the real index and the real app, loaded once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings, get_settings
from app.corpus.documents import Document, load_documents
from app.embedding.encoder import Encoder
from app.embedding.provision import provision_model
from app.indexing.builder import build_index
from app.indexing.manifest import staleness
from app.main import create_app
from app.service import Service


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def encoder(settings: Settings) -> Encoder:
    provision_model(Path(settings.model_path))
    return Encoder(settings.model_path, settings.torch_threads)


@pytest.fixture(scope="session")
def report(settings: Settings) -> Document:
    return load_documents(settings.docs_dir)[0]


@pytest.fixture(scope="session")
def current_index(settings: Settings, encoder: Encoder) -> Path:
    """The project's index, rebuilt first if it is stale (so `pytest` alone works after `make setup`)."""
    if staleness(settings.index_dir, load_documents(settings.docs_dir), settings.model_id):
        build_index(settings.docs_dir, settings.index_dir, encoder, settings.model_id)
    return settings.index_dir


@pytest.fixture(scope="session")
def service(settings: Settings, current_index: Path) -> Service:
    return Service.load(settings)


@pytest.fixture(scope="session")
def client(settings: Settings, current_index: Path) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client
