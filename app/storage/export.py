"""Export the query log and the feedback as CSV and JSON Lines, for the city's review.

What citizens typed is untrusted: in the CSV, a cell that a spreadsheet would run as a formula (starting with = + - @,
a tab or a carriage return) gets a leading apostrophe (OWASP's advice), and control characters become spaces. The
files are readable by this user only."""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import asdict
from pathlib import Path
from typing import IO

from app.storage.database import Database, private_folder
from app.storage.feedback import FeedbackStore
from app.storage.query_log import QueryLog

_FORMULA_START = ("=", "+", "-", "@")  # tab and carriage return are control characters: spaces by then
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Spaces and invisible characters a spreadsheet may skip before a formula: any Unicode space, zero-width characters,
# bidi controls, the BOM.
_INVISIBLE_START = re.compile(r"^[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+")


def spreadsheet_safe(value: object) -> object:
    """A text cell that no spreadsheet program will run as a formula; other values as they are."""
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub(" ", value)
    return "'" + value if _INVISIBLE_START.sub("", value).startswith(_FORMULA_START) else value


def _private(path: Path, encoding: str, newline: str | None = None) -> IO[str]:
    """`path` opened for writing, created (or truncated) with mode 0600; never through a symbolic link planted
    there (the export folder may be shared)."""
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    os.fchmod(descriptor, 0o600)  # an older export may have been more open
    return os.fdopen(descriptor, "w", encoding=encoding, newline=newline)


def _write(rows: list[dict], stem: Path, formats: list[str]) -> list[Path]:
    written = []
    if "jsonl" in formats:
        path = stem.with_suffix(".jsonl")
        with _private(path, encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        written.append(path)
    if "csv" in formats and rows:
        path = stem.with_suffix(".csv")
        with _private(path, encoding="utf-8-sig", newline="") as out:  # the BOM lets spreadsheet apps read 中文
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
        written.append(path)
    return written


def export_records(database: Database, out_dir: Path, formats: list[str]) -> dict[str, int]:
    """Write queries.* and feedback.* into `out_dir`; returns the row counts."""
    private_folder(out_dir)
    queries = [asdict(r) for r in QueryLog(database, enabled=False).all()]
    feedback = [asdict(f) for f in FeedbackStore(database).all()]
    _write(queries, out_dir / "queries", formats)
    _write(feedback, out_dir / "feedback", formats)
    return {"queries": len(queries), "feedback": len(feedback)}
