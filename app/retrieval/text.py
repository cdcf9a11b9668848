"""Tokens for keyword search and lexical matching: CJK character bigrams plus lower-cased Latin words."""

from __future__ import annotations

import re
import unicodedata

import opencc

_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?")


# OpenCC's traditional → simplified table (Apache-2.0, its data in the wheel): "地區生產總值" meets 地区生产总值.
_TO_SIMPLIFIED = opencc.OpenCC("t2s.json")


def simplified(text: str) -> str:
    """NFKC (full-width to half-width) and simplified characters: 'ＧＤＰ' and 'GDP', 地區 and 地区 meet."""
    return _TO_SIMPLIFIED.convert(unicodedata.normalize("NFKC", text))


def normalize(text: str) -> str:
    """`simplified`, and lower case."""
    return simplified(text).lower()


def bigrams(text: str) -> list[str]:
    """Lucene-style CJK bigrams (a lone character stays a unigram) and whole Latin/number words."""
    tokens: list[str] = []
    for run in _RUN.findall(normalize(text)):
        if run[0].isascii() or len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens
