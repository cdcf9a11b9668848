"""The yes/no answerer: 是 with the clause that asserts it; when the report is silent, nothing (the engine says the
report does not say), never 否."""

from __future__ import annotations

from app.answering.answerers.base import Draft, clause_run, rank_clauses
from app.answering.calibration import YES_COVERAGE
from app.answering.evidence import Evidence
from app.indexing.store import ReportIndex


class YesNoAnswerer:
    """Yes, with the asserting clause; the engine's threshold decides whether the clause really asserts it."""

    def __init__(self, index: ReportIndex) -> None:
        self._index = index

    def answer(self, evidence: Evidence) -> Draft | None:
        """The best clause, as the 'yes' it supports."""
        ranked = rank_clauses(self._index, evidence)
        if not ranked:
            return None
        best = ranked[0]
        run = clause_run(self._index, evidence, best)
        # A "yes" must say what was asked: most of the question's own words stand in the clause that asserts it.
        if evidence.coverage(run.text + best.sentence.lead) < YES_COVERAGE:
            return None
        return Draft("yesno", [run], best.score, verdict="yes")
