"""A real browser (Debian's chromium, driven by Playwright) and a third-party host page on another origin."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from app.core.config import PROJECT_ROOT
from app.storage.database import open_database
from app.storage.feedback import Feedback, FeedbackStore

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"

# A site with hostile styles: if any of these reached the widget, the assertions on its look would fail.
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host site</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  * {{ color: rgb(255, 0, 0) !important; font-family: serif !important; }}
  button {{ display: none !important; }}
  iframe {{ display: none !important; }}
  div {{ border: 5px dashed lime !important; }}
  #host-text {{ font-size: 21px; }}
</style></head>
<body><a id="first-link" href="#top">Skip</a><p id="host-text">A city news page that embeds the widget.</p>
<script src="{service}/widget.js" data-title="通辽政府工作报告问答" async></script>
</body></html>
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


# A site with a strict Content-Security-Policy of its own that allows only the service's script and frame.
STRICT_HOST_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Strict site</title>
<meta http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'self' {service}; frame-src {service}; style-src 'self'">
<meta name="viewport" content="width=device-width, initial-scale=1">
</head><body><p>政务公开</p>
<script src="{service}/widget.js" async></script>
</body></html>
"""


@pytest.fixture(scope="session")
def host_site(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A page on another origin (localhost, another port) that embeds the widget with one script tag."""
    root = tmp_path_factory.mktemp("host-site")
    (root / "index.html").write_text(HOST_PAGE.format(service=live_server), encoding="utf-8")
    (root / "strict.html").write_text(STRICT_HOST_PAGE.format(service=live_server), encoding="utf-8")
    english = STRICT_HOST_PAGE.replace("/widget.js\"", "/widget.js\" data-lang=\"en\"")
    (root / "english.html").write_text(english.format(service=live_server), encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: the OS picks a free one
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}/index.html"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed: apt-get install chromium (make test does it)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def stored_feedback(live_data_dir: Path) -> FeedbackStoreReader:
    return FeedbackStoreReader(live_data_dir)


class FeedbackStoreReader:
    """Reads what the live server stored, through the same storage layer."""

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir

    def all(self) -> list[Feedback]:
        return FeedbackStore(open_database(self._data_dir)).all()
