"""Names written in pinyin ("Kulun", "Naiman", "Yinchuo Jiliao") → the report's Chinese characters. Every run of
two to four characters of the report is keyed by its toneless pinyin (pypinyin's data, offline)."""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

MIN_LETTERS = 4  # shorter keys ("an", "li") name nothing in particular
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def build_pinyin_names(report_text: str) -> dict[str, list[str]]:
    """Toneless pinyin (letters only, no spaces) → the report's runs of 2-4 characters that read so."""
    names: dict[str, set[str]] = {}
    for run in _HAN_RUN.findall(report_text):
        syllables = lazy_pinyin(run, style=Style.NORMAL)
        for size in (2, 3, 4):
            for start in range(len(run) - size + 1):
                key = "".join(syllables[start : start + size])
                if len(key) >= MIN_LETTERS:
                    names.setdefault(key, set()).add(run[start : start + size])
    return {key: sorted(found) for key, found in sorted(names.items())}
