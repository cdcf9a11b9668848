"""/docs and /redoc in a real browser with nothing reachable but the service: they render, from local assets only,
under their Content-Security-Policy."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(("path", "rendered"), [("/docs", ".opblock-summary-path"), ("/redoc", "[data-section-id]")])
def test_the_api_docs_render_offline_under_their_security_policy(browser: Any, live_server: str, path: str,
                                                                 rendered: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    elsewhere: list[str] = []
    refused: list[str] = []

    def only_the_service(route: Any) -> None:  # an intranet: no CDN, nothing but the service itself
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_service)
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(live_server + path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(rendered, timeout=20_000)
    assert "/api/ask" in page.inner_text("body")
    context.close()
    assert elsewhere == []
    # ReDoc's footer logo points at its CDN: the policy blocks that image (as it should), and nothing else.
    assert [m for m in refused if not m.startswith("Loading the image")] == []
