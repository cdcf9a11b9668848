"""The yes/no answerer: 是 with the clause that asserts it; when the report is silent, nothing (the engine says the
report does not say), never 否."""

from __future__ import annotations

import re

from app.answering.answerers.base import ClauseAnswerer, Draft, clause_run, rank_clauses
from app.answering.calibration import YES_COVERAGE
from app.answering.evidence import Evidence

# Dates and times a yes/no question may state ("五一", "年底", "3月"): a "yes" must say them too.
_DETAIL = re.compile(r"五一|十一|国庆|春节|元旦|年底|年初|年中|上半年|下半年|月底|[一二三四五六七八九十\d]{1,2}月(?:份)?|\d{1,2}号")


class YesNoAnswerer(ClauseAnswerer):
    """Yes, with the asserting clause; the engine's threshold decides whether the clause really asserts it."""

    def answer(self, evidence: Evidence) -> Draft | None:
        """The best clause, as the 'yes' it supports."""
        ranked = rank_clauses(self._index, evidence)
        if not ranked:
            return None
        best = ranked[0]
        run = clause_run(self._index, evidence, best)
        details = _DETAIL.findall(evidence.question.text)
        if any(d not in run.text for d in details):
            return None  # "是不是今年五一就开业": the report gives no such date
        # A "yes" must say what was asked: most of the question's own words stand in the clause that asserts it.
        if evidence.coverage(run.text + best.sentence.lead) < YES_COVERAGE:
            return None
        return Draft("yesno", [run], best.score, verdict="yes")
