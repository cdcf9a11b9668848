"""Server-Sent Events: the wire format, and cutting answer text into pieces."""

from __future__ import annotations

import json
from typing import Any


def sse_event(data: Any, event: str | None = None) -> str:
    """One event: optional `event:` line, JSON `data:` line, blank line."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n"


def pieces(text: str, size: int) -> list[str]:
    """`text` in consecutive pieces of at most `size` characters (joined, they give `text` back)."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]
