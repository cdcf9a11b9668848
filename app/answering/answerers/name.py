"""The name answerer: the words of the best clause that fill the question's open slot (a place, a term, a date),
highlighted inside that clause."""

from __future__ import annotations

from app.answering.answerers.base import Draft, Piece, piece_of, rank_clauses, trimmed
from app.answering.evidence import Evidence
from app.answering.spans import open_slot
from app.indexing.store import ReportIndex


class NameAnswerer:
    """Names, terms, places and dates as printed."""

    def __init__(self, index: ReportIndex) -> None:
        self._index = index

    def answer(self, evidence: Evidence) -> Draft | None:
        """The span of the best clause the question leaves open, quoted in its clause."""
        ranked = rank_clauses(self._index, evidence)
        if not ranked:
            return None
        best = ranked[0]
        clause = trimmed(piece_of(self._index, best.clause, "clause"))
        slot = open_slot(clause.text, evidence.question.text, self._index.documents[best.clause.doc_id].city)
        if slot is None:
            return Draft("name", [clause], best.score)
        span = Piece(clause.doc_id, clause.start + slot[0], clause.start + slot[1], clause.text[slot[0] : slot[1]],
                     clause.source, "span")
        return Draft("name", [span], best.score, context=[clause])
