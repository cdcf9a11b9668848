"""The loaded service: the model, the index and the answer engine, built once per process."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from app.answering.engine import AnswerEngine
from app.core.config import Settings
from app.embedding.encoder import TextEncoder, create_encoder
from app.indexing.store import ReportIndex
from app.storage.conversations import ConversationStore
from app.storage.database import Database, open_database, private_key_file
from app.storage.feedback import FeedbackStore
from app.storage.query_log import ClientHasher, QueryLog

log = logging.getLogger(__name__)


@dataclass
class Service:
    """Everything a request needs, shared read-only between requests."""

    settings: Settings
    encoder: TextEncoder
    index: ReportIndex
    engine: AnswerEngine
    database: Database
    conversations: ConversationStore
    feedback: FeedbackStore
    query_log: QueryLog
    hash_client: ClientHasher

    @classmethod
    def load(cls, settings: Settings) -> Service:
        """Load the model and the index (refusing a stale index) and build the engine."""
        started = time.perf_counter()
        index = ReportIndex.load(settings.docs_dir, settings.index_dir, settings.model_id)
        encoder = create_encoder(settings)
        engine = AnswerEngine(index, encoder, settings.max_citations, settings.answer_cache_size)
        engine.ask("warm-up")  # first call pays one-off costs (thread pools, allocator); keep them out of requests
        database = open_database(settings.data_dir, settings.database_url)
        conversations = ConversationStore(database, settings.max_history_turns, settings.conversation_ttl_seconds)
        log.info("service ready in %.1f s (%d facts)", time.perf_counter() - started, len(index.facts))
        hasher = ClientHasher(client_hash_salt(settings))
        query_log = QueryLog(database, settings.query_log, settings.query_log_batch, settings.query_log_max_pending)
        return cls(settings, encoder, index, engine, database, conversations, FeedbackStore(database), query_log,
                   hasher)

    def close(self) -> None:
        """Write what is queued and let the database go."""
        self.query_log.close()
        self.database.close()


def client_hash_salt(settings: Settings) -> str:
    """The key of the client-address hash. Every worker and replica must hash a client alike (or a conversation
    would not be its owner's on another worker), and the key must not sit in the database beside the hashes (or a
    copy of it would give the addresses back): CLIENT_HASH_SALT, else a key file in the data folder that the
    workers of this machine share. Replicas on several machines need CLIENT_HASH_SALT."""
    if settings.client_hash_salt:
        return settings.client_hash_salt
    if settings.database_url:
        raise RuntimeError("DATABASE_URL is set but CLIENT_HASH_SALT is not: replicas must hash client addresses "
                           "alike. Set CLIENT_HASH_SALT to the same secret on every replica (e.g. `openssl rand "
                           "-hex 32`).")
    return private_key_file(settings.data_dir / "client-hash.key")
