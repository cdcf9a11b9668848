"""The query log: every question, its answer and how long it took, for the city to review what citizens ask.

Written by a background thread in small batches, so answering never waits for a disk sync; `flush()` waits for it.
At most `max_pending` records are ever answered but unwritten (what a kill -9 can lose): past that, `record` waits
for the writer. Client addresses are never stored: only a salted hash that tells repeat askers apart."""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields

from app.storage.database import Database, insert_row, select_rows

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueryRecord:
    """One answered (or refused) question."""

    endpoint: str
    question: str
    resolved: str
    answer: str
    answerable: bool
    citations: str  # "doc_id:paragraph:start-end" of each cited passage, space-separated
    latency_ms: float
    client_hash: str
    request_id: str
    query_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created: float = field(default_factory=time.time)


COLUMNS = [f.name for f in fields(QueryRecord)]


class ClientHasher:
    """Turns a client address into a short keyed hash: repeat askers can be told apart, addresses not recovered."""

    def __init__(self, salt: str) -> None:
        self._key = hashlib.sha256(salt.encode()).digest()

    def __call__(self, client: str) -> str:
        return hashlib.blake2b(client.encode(), key=self._key, digest_size=8).hexdigest()


class QueryLog:
    """Records queries in the service's database off the request path."""

    def __init__(self, database: Database, enabled: bool = True, batch: int = 64, max_pending: int = 256) -> None:
        self._db, self._enabled, self._batch = database, enabled, batch
        self._queue: queue.Queue[QueryRecord | None] = queue.Queue()
        self._pending = threading.Semaphore(max_pending)  # a slot per record queued or being written
        self._last_write_failed = False
        self._last_warning = 0.0
        self._count_losses: Callable[[int], object] = lambda _: None
        self._thread = threading.Thread(target=self._write_forever, name="query-log", daemon=True)
        if enabled:
            self._thread.start()

    def record(self, record: QueryRecord, wait: float = 0) -> bool:
        """Queue a record, waiting up to `wait` seconds while `max_pending` are unwritten; False when it had to be
        dropped (the database is down or far behind), which is logged."""
        if not self._enabled:
            return True
        if not self._thread.is_alive():  # closed (the app is shutting down): write it here rather than lose it
            self._write([record])
            return True
        if self._last_write_failed:
            wait = 0  # the store is down: waiting would only hold the answer (and a thread) for nothing
        acquired = self._pending.acquire(timeout=wait) if wait > 0 else self._pending.acquire(blocking=False)
        if not acquired:
            if time.monotonic() - self._last_warning > 10:  # a line per 10 s, not one per dropped record
                self._last_warning = time.monotonic()
                log.warning("query log writer is behind or the store is down; records are being dropped")
            return False
        self._queue.put_nowait(record)
        return True

    def count_losses_with(self, count: Callable[[int], object]) -> None:
        """Report every record lost (a failed write) to `count`, e.g. a metric's increment."""
        self._count_losses = count

    def flush(self) -> None:
        """Wait until everything recorded so far is written."""
        while self._enabled and self._thread.is_alive() and self._queue.unfinished_tasks:
            time.sleep(0.005)

    def close(self) -> None:
        if self._enabled and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=10)

    def all(self) -> list[QueryRecord]:
        """Every record, oldest first."""
        rows = select_rows(self._db, "queries", COLUMNS, "created, query_id")
        return [QueryRecord(**(row | {"answerable": bool(row["answerable"])})) for row in rows]

    def _write_forever(self) -> None:
        while True:
            first = self._queue.get()
            batch = [first]
            while len(batch) < self._batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            records = [r for r in batch if r is not None]
            try:
                if records:
                    self._write(records)
                self._last_write_failed = False
            except Exception:
                self._last_write_failed = True
                self._count_losses(len(records))
                log.exception("query log write failed; %d records lost", len(records))
            finally:
                for _ in records:
                    self._pending.release()
                for _ in batch:
                    self._queue.task_done()
            if None in batch:
                return

    def _write(self, records: list[QueryRecord]) -> None:
        with self._db.transaction() as db:
            for record in records:
                insert_row(db, "queries", asdict(record) | {"answerable": int(record.answerable)})
