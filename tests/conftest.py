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
from tests.postgres import SKIP_REASON, postgres_bin, postgres_server
from tests.redis import SKIP_REASON as NO_REDIS
from tests.redis import redis_bin, redis_server
from tests.servers import uvicorn_in_thread


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
def client(settings: Settings, current_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    local = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("data"), "rate_limit": "off"})
    with TestClient(create_app(local)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for this test session (skipped, saying why, only where it is not installed)."""
    if postgres_bin() is None:
        pytest.skip(SKIP_REASON)
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real Redis server for this test session (skipped, saying why, only where it is not installed)."""
    if redis_bin() is None:
        pytest.skip(NO_REDIS)
    with redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def live_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the live server keeps what it stores, for tests that check what was written."""
    return tmp_path_factory.mktemp("live-data")


@pytest.fixture(scope="session")
def live_server(settings: Settings, current_index: Path, live_data_dir: Path) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, for clients that need a real socket."""
    local = settings.model_copy(update={"data_dir": live_data_dir, "rate_limit": "off"})
    with uvicorn_in_thread(create_app(local)) as url:
        yield url
