"""The list answerer: the items of one enumeration, each as printed, in the clause that lists them."""

from __future__ import annotations

import re

from app.answering.answerers.base import Draft, Piece, piece_of, rank_clauses, trimmed
from app.answering.evidence import Evidence
from app.answering.spans import enumeration
from app.indexing.store import ReportIndex

# An enumeration in a clause ranked this close to the best clause is preferred to the best clause itself.
ENUMERATION_MARGIN = 0.25
_STATED = re.compile(r"([两二三四五六七八九十]|\d+)(?:个|大|项|类|种|方面)")
_NUMERALS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


class ListAnswerer:
    """Items of an enumeration (、/和/及, adjacent quoted terms)."""

    def __init__(self, index: ReportIndex) -> None:
        self._index = index

    def answer(self, evidence: Evidence) -> Draft | None:
        """The items of the best-matching enumeration, or the best clause when none lists anything."""
        ranked = rank_clauses(self._index, evidence)
        if not ranked:
            return None
        best = ranked[0]
        for candidate in ranked[:6]:
            if candidate.score < best.score - ENUMERATION_MARGIN:
                break
            clause = trimmed(piece_of(self._index, candidate.clause, "clause"))
            items = enumeration(clause.text)
            if len(items) >= 2:
                pieces = [Piece(clause.doc_id, clause.start + s, clause.start + e, clause.text[s:e], clause.source,
                                "item") for s, e in items]
                return Draft("list", pieces, best.score, context=[clause], stated_count=_stated(clause.text))
        return Draft("list", [trimmed(piece_of(self._index, best.clause, "clause"))], best.score)


def _stated(text: str) -> int | None:
    """A count the clause announces ("三大", "五个"), when it has one."""
    m = _STATED.search(text)
    if not m:
        return None
    word = m.group(1)
    return int(word) if word.isdigit() else _NUMERALS[word]
