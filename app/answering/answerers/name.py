"""The name answerer: the words of the best clause that fill the question's open slot (a place, a term, a date),
highlighted inside that clause."""

from __future__ import annotations

import re

from app.answering.answerers.base import Draft, Piece, piece_of, rank_clauses, trimmed
from app.answering.evidence import Evidence
from app.answering.spans import open_slot, quoted_terms
from app.indexing.store import ReportIndex
from app.retrieval.text import normalize

_WHEN = re.compile(r"什么时候|何时|哪天|哪一天|几月|几号|日期|\bwhen\b|\bwhat date\b|\bwhich day\b")
_DATE = re.compile(r"“?\d{1,2}·\d{1,2}”?|\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日")


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
        question = evidence.question
        if question.language == "en":  # no shared words to leave a slot: a quoted term, else the clause
            terms = quoted_terms(clause.text)
            slot = terms[0] if terms else None
        else:
            slot = open_slot(clause.text, question.text, self._index.documents[best.clause.doc_id].city)
        if _WHEN.search(normalize(question.text)):
            # A date is asked: only a date answers it ("“8·18”"), not the edition ("第十七届").
            dates = [m.span() for m in _DATE.finditer(clause.text)]
            if not dates:
                return None
            slot = dates[0]
        if slot is None:
            return Draft("name", [clause], best.score)
        span = Piece(clause.doc_id, clause.start + slot[0], clause.start + slot[1], clause.text[slot[0] : slot[1]],
                     clause.source, "span")
        return Draft("name", [span], best.score, context=[clause])
