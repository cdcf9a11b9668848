"""The name answerer: the words of the best clause that fill the question's open slot (a place, a term, a date),
highlighted inside that clause."""

from __future__ import annotations

import re

from app.answering.answerers.base import ClauseAnswerer, Draft, Piece, piece_of, rank_clauses, trimmed
from app.answering.evidence import Evidence
from app.answering.intent import WHEN
from app.answering.spans import open_slot, quoted_terms
from app.corpus.chunking import Chunk
from app.retrieval.text import bigrams, normalize

SHORT_NAME = 4  # a bare open slot this short is a name ("赤峰"); a longer one may be the rest of a clause
_DATE = re.compile(r"“?\d{1,2}·\d{1,2}”?|\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日")


class NameAnswerer(ClauseAnswerer):
    """Names, terms, places and dates as printed."""

    def _quoted_before(self, clause: Chunk, question: str) -> tuple[Piece, tuple[int, int]] | None:
        """A quoted term of the previous clause of the sentence that the question does not quote itself."""
        clauses, at = self._index.clause_siblings(clause)
        if at == 0:
            return None
        previous = trimmed(piece_of(self._index, clauses[at - 1], "clause"))
        slot = open_slot(previous.text, question)
        if slot is None or previous.text[slot[0]] not in "“《":
            return None
        return previous, slot

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
            if slot is None or (clause.text[slot[0]] not in "“《" and slot[1] - slot[0] > SHORT_NAME):
                # The name is often quoted in the clause before ("“通辽肉牛”品牌价值…,稳居…首位").
                before = self._quoted_before(best.clause, question.text)
                if before is not None:
                    clause, slot = before
        if WHEN.search(normalize(question.text)):
            # A date is asked: only a date answers it ("“8·18”"), not the edition ("第十七届").
            dates = [m.span() for m in _DATE.finditer(clause.text)]
            if not dates:
                return None
            slot = dates[0]
        if slot is None:
            return Draft("name", [clause], best.score)
        asked = set(bigrams(question.text))
        span_text = clause.text[slot[0] : slot[1]]
        if sum(span_text[i : i + 2] in asked for i in range(len(span_text) - 1)) * 2 > len(span_text):
            return None  # "悦来河那个休闲街区在哪儿" → "旅游休闲街区": the question's own subject, not an answer
        span = Piece(clause.doc_id, clause.start + slot[0], clause.start + slot[1], clause.text[slot[0] : slot[1]],
                     clause.source, "span")
        return Draft("name", [span], best.score, context=[clause])
