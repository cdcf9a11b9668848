"""The measures answerer: the sentences of the matching paragraph that answer "what will be done about X", in
report order."""

from __future__ import annotations

from app.answering.answerers.base import (
    ClauseAnswerer,
    Draft,
    Piece,
    RankedClause,
    piece_of,
    rank_clauses,
    run_piece,
    trimmed,
)
from app.answering.calibration import KEEP_SHARE
from app.answering.evidence import Evidence
from app.corpus.chunking import Chunk

MAX_SENTENCES, MAX_CHARS, SENTENCE_CHARS = 4, 460, 150


class MeasuresAnswerer(ClauseAnswerer):
    """Plans and measures: 1-3 sentences of one paragraph, each cut to its matching clauses."""

    def answer(self, evidence: Evidence) -> Draft | None:
        """The clauses of the best paragraph that match the question, in report order."""
        ranked = rank_clauses(self._index, evidence, passages=8)
        if not ranked:
            return None
        best = ranked[0]
        paragraph = (best.sentence.doc_id, best.sentence.paragraph)
        by_sentence: dict[str, float] = {}
        for clause in ranked:
            if (clause.sentence.doc_id, clause.sentence.paragraph) == paragraph:
                key = clause.sentence.chunk_id
                by_sentence[key] = max(by_sentence.get(key, 0.0), clause.score)
        chosen = [key for key, score in sorted(by_sentence.items(), key=lambda kv: -kv[1])
                  if score >= KEEP_SHARE * best.score][:MAX_SENTENCES]
        pieces: list[Piece] = []
        used = 0
        for sentence in sorted((self._index.chunk(key) for key in chosen), key=lambda c: c.start):
            piece = self._cut(sentence, ranked)
            if used + len(piece.text) > MAX_CHARS and pieces:
                break
            pieces.append(piece)
            used += len(piece.text)
        return Draft("measures", pieces, best.score)

    def _cut(self, sentence: Chunk, ranked: list[RankedClause]) -> Piece:
        """The sentence, or (when long) the run of its clauses around its best-matching one."""
        whole = trimmed(piece_of(self._index, sentence, "clause"))
        if len(whole.text) <= SENTENCE_CHARS:
            return whole
        clauses = self._index.clauses(sentence.chunk_id)
        scores = {r.clause.chunk_id: r.score for r in ranked}
        at = max(range(len(clauses)), key=lambda i: scores.get(clauses[i].chunk_id, 0.0))
        first = last = at
        while True:
            grown = False
            for nxt in (last + 1, first - 1):
                if 0 <= nxt < len(clauses):
                    lo, hi = min(first, nxt), max(last, nxt)
                    if clauses[hi].end - clauses[lo].start <= SENTENCE_CHARS:
                        first, last, grown = lo, hi, True
            if not grown:
                break
        return run_piece(self._index, clauses, first, last, "clause")
