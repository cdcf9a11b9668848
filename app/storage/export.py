"""Export the query log and the feedback as CSV and JSON Lines, for the city's review."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path

from app.storage.database import Database
from app.storage.feedback import FeedbackStore
from app.storage.query_log import QueryLog


def _write(rows: list[dict], stem: Path, formats: list[str]) -> list[Path]:
    written = []
    if "jsonl" in formats:
        path = stem.with_suffix(".jsonl")
        with path.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        written.append(path)
    if "csv" in formats and rows:
        path = stem.with_suffix(".csv")
        with path.open("w", encoding="utf-8-sig", newline="") as out:  # the BOM lets spreadsheet apps read 中文
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def export_records(database: Database, out_dir: Path, formats: list[str]) -> dict[str, int]:
    """Write queries.* and feedback.* into `out_dir`; returns the row counts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    queries = [asdict(r) for r in QueryLog(database, enabled=False).all()]
    feedback = [asdict(f) for f in FeedbackStore(database).all()]
    _write(queries, out_dir / "queries", formats)
    _write(feedback, out_dir / "feedback", formats)
    return {"queries": len(queries), "feedback": len(feedback)}
