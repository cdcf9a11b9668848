"""The list answerer: the items of one enumeration, each as printed, in the clause that lists them."""

from __future__ import annotations

import re

from app.answering.answerers.base import ClauseAnswerer, Draft, Piece, piece_of, rank_clauses, trimmed
from app.answering.calibration import ENUMERATION_MARGIN
from app.answering.evidence import Evidence
from app.answering.spans import NUMBER_WORDS, enumeration, stated_count

# An enumeration in a clause ranked this close to the best clause is preferred to the best clause itself.
SEARCHED = 30


class ListAnswerer(ClauseAnswerer):
    """Items of an enumeration (、/和/及, adjacent quoted terms)."""

    def answer(self, evidence: Evidence) -> Draft | None:
        """The items of the best-matching enumeration (of the asked size, when the question says how many)."""
        ranked = rank_clauses(self._index, evidence)
        if not ranked:
            return None
        best = ranked[0]
        wanted = _asked_count(evidence.question.text)
        found = []
        for candidate in ranked[:SEARCHED]:
            if candidate.score < best.score - ENUMERATION_MARGIN and not evidence.quoted:
                continue  # (a quoted term already keeps the search to the sentences that use it)
            clause = trimmed(piece_of(self._index, candidate.clause, "clause"))
            items = enumeration(clause.text)
            if len(items) >= 2 and (wanted is None or len(items) == wanted):
                # Items that carry the question's own head noun ("哪几类贷款" → 涉农贷款、…贷款) name what is asked.
                sharing = sum(any(t in clause.text[s:e] for t in evidence.terms) for s, e in items)
                found.append((min(sharing, 2), candidate.score, clause, items))
        if not found:
            return None
        _, score, clause, items = max(found, key=lambda f: (f[0], f[1]))
        pieces = [Piece(clause.doc_id, clause.start + s, clause.start + e, clause.text[s:e], clause.source, "item")
                  for s, e in items]
        stated = stated_count(clause.text[: items[0][0]])  # a count announced before the items ("三大行动：…")
        return Draft("list", pieces, score, context=[clause], stated=stated)


def _asked_count(question: str) -> int | None:
    """How many items the question asks for ("哪两个", "which three"), if it says."""
    m = re.search(r"哪([两二三四五六七八九十])|\bwhich (two|three|four|five|six)\b|\bthe (two|three|four|five) ", question)
    if not m:
        return None
    return NUMBER_WORDS[next(g for g in m.groups() if g)]
