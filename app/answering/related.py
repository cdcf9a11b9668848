"""Related questions: other figures near an answer's passages, phrased as questions the engine answers exactly."""

from __future__ import annotations

import re

from app.answering.engine import AnswerEngine
from app.answering.models import Answer
from app.corpus.facts import Fact
from app.indexing.store import ReportIndex

_TRAILING_VERBS = re.compile(r"(完成|达到|达|保持在|实现|为|突破|超过)$")
_MAX_TRIES = 8


def phrase_question(fact: Fact) -> str:
    """A plain question whose answer is this fact ("2024年新建5G基站的目标是多少？")."""
    metric = _TRAILING_VERBS.sub("", fact.metric.strip("，,、：: "))
    if fact.part == "plan":
        return f"{fact.year}年{metric}的目标是多少？"
    if fact.kind == "count" and fact.unit:
        return f"{fact.year}年{metric}多少{fact.unit[-1]}？"
    return f"{fact.year}年{metric}{'多少' if fact.kind in ('rate', 'share') else '是多少'}？"


def related_questions(engine: AnswerEngine, index: ReportIndex, answer: Answer, limit: int = 3) -> list[str]:
    """Up to `limit` questions about the nearest other figures of the cited paragraphs, kept only when the engine
    answers each with exactly the figure it was made from (so a suggestion never leads to a refusal or a wrong
    figure)."""
    if not answer.citations:
        return []
    anchor = answer.citations[0]
    shown = {(f.printed, f.metric) for f in answer.figures}
    paragraphs = {(c.doc_id, c.paragraph) for c in answer.citations}
    nearby = [f for f in index.facts if (f.doc_id, f.paragraph) in paragraphs and (f.printed, f.metric) not in shown
              and len(f.metric) >= 2 and f.metric in f.context  # a metric split by its figure reads badly
              and f.number is not None]  # "十方面", "第8次": no "多少" question reads right for them
    nearby.sort(key=lambda f: (f.paragraph != anchor.paragraph, abs(f.start - anchor.start)))
    questions: list[str] = []
    for fact in nearby[:_MAX_TRIES]:
        question = phrase_question(fact)
        reply = engine.ask(question)
        if reply.answerable and [f.printed for f in reply.figures] == [fact.printed] and question not in questions:
            questions.append(question)
        if len(questions) == limit:
            break
    return questions
