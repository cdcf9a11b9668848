"""The purpose answerer: the clause that says what an action is for (让…, 为…, 确保…), usually the last of the
action's sentence."""

from __future__ import annotations

import re

from app.answering.answerers.base import (
    ClauseAnswerer,
    Draft,
    following_run,
    piece_of,
    rank_clauses,
    run_piece,
    trimmed,
)
from app.answering.calibration import STATED_MARGIN
from app.answering.evidence import Evidence

# How a work report states a purpose: the clause opens with one of these.
_PURPOSE = re.compile(r"^(?:真正|更好|努力|坚决|有效|进一步)?(?:让|使|为|以|确保|守住|守护|守好|帮助|引领|促进|营造|吸引|汇聚|把|更好|"
                      r"实现|推动|稳住|拿出|加速|潜移默化|以“)")
MAX_RUN = 120


class PurposeAnswerer(ClauseAnswerer):
    """Why, in the report's words."""

    def answer(self, evidence: Evidence) -> Draft | None:
        """The purpose clause(s) after the best-matching clause of its sentence."""
        ranked = rank_clauses(self._index, evidence)
        if not ranked:
            return None
        # A clause that itself states a purpose ("坚决守护好通辽的蓝天…") and matches nearly as well is the answer.
        stated = [r for r in ranked[:8] if _PURPOSE.match(r.clause.text) and r.score >= ranked[0].score - STATED_MARGIN]
        best = ranked[0]
        if stated and stated[0] is not best:
            purpose = following_run(self._index, stated[0].clause, "purpose", MAX_RUN)
            return Draft("purpose", [purpose], stated[0].score)
        clauses, at = self._index.clause_siblings(best.clause)
        # The purpose follows the action it is for, to the end of the sentence ("…,让广大农民工没有后顾之忧").
        first, last = (at + 1, len(clauses) - 1) if at + 1 < len(clauses) else (at, at)
        marked = [i for i in range(first, last + 1) if _PURPOSE.match(clauses[i].text)]
        first = marked[0] if marked else first
        while first < last and clauses[last].end - clauses[first].start > MAX_RUN:
            first += 1
        purpose = run_piece(self._index, clauses, first, last, "purpose")
        context = trimmed(piece_of(self._index, best.clause, "clause"))
        return Draft("purpose", [purpose], best.score, context=[context] if first != at else [])
