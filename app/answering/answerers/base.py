"""What every answerer shares: the draft it returns (verbatim pieces with document offsets) and the ranking of
clauses that most answerers start from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from app.answering.calibration import (
    CLAUSE_DENSE_FLOOR,
    OTHER_YEAR_PENALTY,
    W_CLAUSE_COVERAGE,
    W_CLAUSE_DENSE,
    W_RANK,
    W_SENTENCE_COVERAGE,
)
from app.answering.evidence import Evidence
from app.corpus.chunking import Chunk, sentence_id
from app.indexing.store import ReportIndex


@dataclass(frozen=True)
class Piece:
    """A verbatim piece of a report: `document.text[start:end] == text`, cited by the sentence or heading
    `source`."""

    doc_id: str
    start: int
    end: int
    text: str
    source: str
    role: str  # span | item | clause | heading | explanation | purpose | figure


@dataclass
class Draft:
    """An answer before it is written out: what kind it is, the pieces it gives and how sure it is."""

    kind: str
    pieces: list[Piece]
    confidence: float
    context: list[Piece] = field(default_factory=list)  # runs quoted around the pieces, when wider than them
    verdict: str | None = None
    term: str | None = None  # the term a definition explains (or fails to)
    stated: tuple[str, int] | None = None  # a count the report announces before a list ("三大"), and its value
    defined: bool = True  # False: the report uses the term without defining it; the pieces are its surroundings


class ClauseAnswerer:
    """An answerer over one index's clauses (every kind but figures and comparisons)."""

    def __init__(self, index: ReportIndex) -> None:
        self._index = index


class Answerer(Protocol):
    """One kind of answer: a draft when the evidence answers the question, else None."""

    def answer(self, evidence: Evidence) -> Draft | None:
        """The draft, or None when the evidence does not answer the question."""
        ...


@dataclass(frozen=True)
class RankedClause:
    """A clause of a retrieved sentence and how well it matches the question."""

    clause: Chunk
    sentence: Chunk
    score: float
    coverage: float
    dense: float
    passage_rank: int


def piece_of(index: ReportIndex, chunk: Chunk, role: str, start: int | None = None, end: int | None = None
             ) -> Piece:
    """A piece of `chunk` (all of it by default), cited by the sentence or heading that holds it."""
    start = chunk.start if start is None else start
    end = chunk.end if end is None else end
    source = chunk.chunk_id if chunk.level in ("sentence", "heading") else sentence_id(chunk.chunk_id)
    text = index.documents[chunk.doc_id].text[start:end]
    return Piece(chunk.doc_id, start, end, text, source, role)


def run_piece(index: ReportIndex, clauses: list[Chunk], first: int, last: int, role: str) -> Piece:
    """The report's text from clause `first` to clause `last` of one sentence, without trailing punctuation."""
    start, end = clauses[first].start, clauses[last].end
    text = index.documents[clauses[first].doc_id].text[start:end]
    return trimmed(Piece(clauses[first].doc_id, start, end, text, sentence_id(clauses[first].chunk_id), role))


def trimmed(piece: Piece) -> Piece:
    """The piece without trailing punctuation (a clause quoted inside an answer)."""
    text = piece.text.rstrip(",，;；:：。、")
    return Piece(piece.doc_id, piece.start, piece.start + len(text), text, piece.source, piece.role)


def rank_clauses(index: ReportIndex, evidence: Evidence, passages: int = 11) -> list[RankedClause]:
    """The clauses of the best retrieved sentences, best match first."""
    ranked = []
    quoted = [t for t in evidence.quoted if any(t in p.chunk.text for p in evidence.passages[:passages])]
    year = evidence.question.year
    for passage in evidence.passages[:passages]:
        if year is not None and passage.chunk.year != year and any(p.chunk.year == year for p in evidence.passages):
            continue  # "今年看病贵有啥办法": 2023's results do not answer a question about 2024
        if quoted and not any(t in passage.chunk.text for t in quoted):
            continue  # the question quotes the report's term: the answer is where the report uses it
        for clause in index.clauses(passage.chunk.chunk_id):
            coverage = evidence.coverage(clause.text)
            dense = float(evidence.clause_dense[index.clause_row[clause.chunk_id]])
            dense_part = max(0.0, dense - CLAUSE_DENSE_FLOOR) / (1 - CLAUSE_DENSE_FLOOR)
            score = (W_CLAUSE_COVERAGE * coverage + W_SENTENCE_COVERAGE * passage.coverage
                     + W_CLAUSE_DENSE * dense_part + W_RANK / (1 + passage.rank))
            if evidence.question.year is not None and clause.year != evidence.question.year:
                score -= OTHER_YEAR_PENALTY  # "今年看病贵有啥办法": 2023's results do not answer it
            ranked.append(RankedClause(clause, passage.chunk, score, coverage, dense, passage.rank))
    return sorted(ranked, key=lambda r: -r.score)


def clause_run(index: ReportIndex, evidence: Evidence, best: RankedClause, limit: int = 80) -> Piece:
    """The best clause, grown by a neighbouring clause of its sentence while that adds the question's words
    ("去年GDP增速是不是最好的" needs "增长5.2%" and "创7年来最好水平")."""
    clauses, at = index.clause_siblings(best.clause)
    first = last = at

    def covered(lo: int, hi: int) -> float:
        return evidence.coverage(" ".join(c.text for c in clauses[lo : hi + 1]))

    while True:
        # One or two clauses further (a figure clause may stand between the subject and what is said of it).
        options = [(lo, hi) for lo, hi in ((first - 1, last), (first, last + 1), (first - 2, last), (first, last + 2))
                   if lo >= 0 and hi < len(clauses) and clauses[hi].end - clauses[lo].start <= limit
                   and covered(lo, hi) >= covered(first, last) + 0.1]
        if not options:
            break
        first, last = max(options, key=lambda o: (covered(*o), -(o[1] - o[0])))
    return run_piece(index, clauses, first, last, "clause")


def following_run(index: ReportIndex, clause: Chunk, role: str, limit: int) -> Piece:
    """The clause and the ones after it in its sentence, as far as `limit` characters."""
    clauses, first = index.clause_siblings(clause)
    last = first
    while last + 1 < len(clauses) and clauses[last + 1].end - clause.start <= limit:
        last += 1
    return run_piece(index, clauses, first, last, role)
