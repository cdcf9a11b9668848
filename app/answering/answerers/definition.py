"""The definition answerer: the report's own explanation of a term (the clause that spells it out), or, when the
report only mentions the term, a draft that says so and where."""

from __future__ import annotations

import re

from app.answering.answerers.base import (
    ClauseAnswerer,
    Draft,
    Piece,
    following_run,
    piece_of,
    rank_clauses,
    run_piece,
    trimmed,
)
from app.answering.evidence import Evidence
from app.answering.spans import QUOTED_IN_QUESTION, enumeration, inner, stated_count
from app.corpus.chunking import Chunk
from app.retrieval.text import normalize

_BEFORE_ASK = re.compile(r"^(?:请问|什么是|什么叫|何谓|何为)?(.{2,14}?)(?:是什么意思|什么意思|啥意思|指的?是什么|指什么|是指|的含义|"
                         r"含义|是什么|是啥|是个啥)")
_AFTER_ASK = re.compile(r"(?:什么是|什么叫|何谓|何为)(.{2,14}?)[？?。]*$")
# Words that name a kind of thing ("…机制", "…行动") and explain nothing by themselves.
DESCRIBED_CHARS = 110
EXPLAINED_CHARS = 150
_GENERIC = re.compile(r"^(?:机制|行动|工程|模式|建设|政策|工作|战略|理念|文章|品牌|经验|活动|平台|体系|改革|计划|目标|任务)?[,，。;；]?$")


class DefinitionAnswerer(ClauseAnswerer):
    """What X is, in the report's words."""

    def answer(self, evidence: Evidence) -> Draft | None:
        """The explanation of the asked term; a 'mentioned only' draft (no pieces) when the report gives none."""
        term = asked_term(evidence.question.text)
        mentions = self._mentions(term) if term else []
        if not mentions:
            return self._paraphrased(evidence, term)
        ranked = {r.clause.chunk_id: r.score for r in rank_clauses(self._index, evidence, passages=8)}
        mention = max(mentions, key=lambda c: ranked.get(c.chunk_id, 0.0))
        confidence = max(ranked.get(mention.chunk_id, 0.0), 1.0)
        where = trimmed(piece_of(self._index, mention, "clause"))
        explanation = self._explanation(mention, term or "")
        if explanation is not None:
            return Draft("definition", [explanation], confidence, context=[where], term=term)
        described = self._surroundings(mention)
        if described is None:
            return Draft("definition", [], confidence, context=[where], term=term)
        return Draft("definition", [described], confidence, term=term, defined=False)

    def _mentions(self, term: str) -> list[Chunk]:
        key = normalize(term)
        return [c for c in self._index.clause_chunks if key in normalize(c.text)]

    def _explanation(self, mention: Chunk, term: str) -> Piece | None:
        """The report's own spelling-out of the term: the list in the next clause ("“亮晒比评”机制,亮出诚信、
        晒出精气神、比出干劲儿、评出实绩"), or what follows the term inside its clause."""
        clauses, _ = self._index.clause_siblings(mention)
        following = [c for c in clauses if c.start >= mention.end]
        items = enumeration(following[0].text) if following else []
        announced = stated_count(term)
        if len(items) >= 2 and len(items) in (len(term), announced[1] if announced else 0):
            # A list that spells the term out ("亮晒比评" → 亮出诚信、晒出精气神、比出干劲儿、评出实绩): the list itself,
            # not what the sentence goes on to say ("…培育推出…创新亮点88项").
            return trimmed(piece_of(self._index, following[0], "explanation"))
        if following and mention.text.rstrip(",，;；。").endswith(("”", "》")):
            # "实施“政策落地工程”,用足用好…,逐项研究…": the term opens what the sentence goes on to do.
            return following_run(self._index, following[0], "explanation", EXPLAINED_CHARS)
        text = mention.text
        at = normalize(text).find(normalize(term)) + len(term)
        rest = text[at:].lstrip("”》\"'")
        if not _GENERIC.match(rest.strip()) and len(rest.strip(",，。;；")) >= 4:
            start = mention.start + len(text) - len(rest)
            before = [c for c in clauses if c.end <= mention.start]
            if before and normalize(text).lstrip("“《\"'").startswith(normalize(term)):
                start = before[-1].start  # "坚持从市场开发端持续发力,“反弹琵琶”带动…": the clause before says how
            return trimmed(piece_of(self._index, mention, "explanation", start, mention.end))
        return None

    def _surroundings(self, mention: Chunk) -> Piece | None:
        """What the report says around a term it does not define: its sentence, or the clauses next to the term
        within DESCRIBED_CHARS; None when the sentence says nothing more than the term."""
        clauses, at = self._index.clause_siblings(mention)
        if len(clauses) < 2:
            return None
        first, last = at, at
        while True:
            grown = [(lo, hi) for lo, hi in ((first, last + 1), (first - 1, last)) if lo >= 0 and hi < len(clauses)
                     and clauses[hi].end - clauses[lo].start <= DESCRIBED_CHARS]
            if not grown:
                break
            first, last = grown[0]
        if first == last:
            return None
        return run_piece(self._index, clauses, first, last, "explanation")

    def _paraphrased(self, evidence: Evidence, term: str | None) -> Draft | None:
        """No term the report uses: the best-matching clause, as an explanation of what the question describes."""
        ranked = rank_clauses(self._index, evidence)
        if not ranked:
            return None
        best = ranked[0]
        return Draft("definition", [following_run(self._index, best.clause, "explanation", DESCRIBED_CHARS)],
                     best.score, term=term)


def asked_term(question: str) -> str | None:
    """The term a definition question asks about: a quoted one, else the words before 是什么意思/after 什么是."""
    quoted = QUOTED_IN_QUESTION.search(question)
    if quoted:
        return inner(quoted.group(1))
    text = question.strip().rstrip("？?。!！ ")
    m = _AFTER_ASK.search(text) or _BEFORE_ASK.search(text)
    return m.group(1).strip(" 的") if m else None

