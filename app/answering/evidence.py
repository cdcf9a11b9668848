"""Evidence for a question: one hybrid retrieval of sentences, and how much of the question's own words each
sentence and clause holds. Shared by every answerer, computed once per question."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.answering.intent import QUESTION_WORDS
from app.answering.question import Question, content_text
from app.answering.spans import QUOTED_IN_QUESTION
from app.corpus.chunking import Chunk, sentence_id
from app.indexing.store import ReportIndex
from app.lexical.english import STOPWORDS
from app.retrieval.text import bigrams, normalize
from app.retrieval.weights import TermWeights

PASSAGES_KEPT = 8
CLAUSE_NEIGHBOURS = 3
# Function characters between the words of a question ("贷款的增长速度在全区…"): bigrams across them match nothing.
_PARTICLES = re.compile(r"[的了在是把被和与及都也就还又这那们要]")
_YEARS = re.compile(r"(?:19|20)\d\d年?|去年|今年|明年|前年|上年|本年|过去一年|这一年|\b(?:last|this|next) year\b")


@dataclass(frozen=True)
class Passage:
    """A retrieved sentence and why it was retrieved."""

    chunk: Chunk
    rank: int  # 0 for the best
    fused: float
    dense: float
    coverage: float  # share of the question's focus words the sentence (with its paragraph's topic) holds


@dataclass(frozen=True)
class Evidence:
    """What answerers work from: the analysed question, its focus terms and the retrieved sentences."""

    question: Question
    focus: str
    terms: frozenset[str]
    passages: list[Passage]
    weights: TermWeights
    clause_dense: np.ndarray  # cosine of the question with every clause of the index, in clause order
    quoted: tuple[str, ...] = ()  # terms the question quotes (“两件大事”) that the report uses

    def unseen_share(self, item_ends: str = "") -> float:
        """Share of the question's focus characters in no bigram the report uses ("建设城市地铁": 地, 铁), the
        question's words the report never uses. A list's items may end with them ("节会" → 文化节、运动大会):
        `item_ends` holds those last characters."""
        chars = [ch for word in self.focus.split() for ch in word if "\u4e00" <= ch <= "\u9fff"]
        # English words no bridge reached ("nuclear", "snow") count like unseen characters, two for a word.
        untranslated = [w for w in re.findall(r"[a-z][a-z'-]+", self.focus) if w not in STOPWORDS]
        if not chars and not untranslated:
            return 0.0
        seen: set[str] = set()
        for word in self.focus.split():
            for i in range(len(word) - 1):
                if self.weights.known(word[i : i + 2]):
                    seen.update((word[i], word[i + 1]))
        unseen = sum(ch not in seen and ch not in item_ends for ch in chars) + 2 * len(untranslated)
        return unseen / (len(chars) + 2 * len(untranslated))

    def coverage(self, text: str) -> float:
        """Share of the focus terms' weight that `text` holds."""
        return self.weights.coverage(self.terms, text)


def focus_text(question: Question, known: Callable[[str], bool] = lambda _: False) -> str:
    """The question's topic words: no question words, time words or fillers; glossary words the report does not
    use replaced by the report's terms."""
    words = content_text(question, known)
    return " ".join(_PARTICLES.sub(" ", QUESTION_WORDS.sub(" ", _YEARS.sub(" ", normalize(words)))).split())


class EvidenceFinder:
    """Retrieves and scores the evidence of a question over one index."""

    def __init__(self, index: ReportIndex) -> None:
        self._index = index
        self.weights = index.term_weights
        self._sentence_rows = {s.chunk_id: row for row, s in enumerate(index.sentences)}
        self._text = "\n".join(d.text for d in index.documents.values())

    def find(self, question: Question, vector: np.ndarray, limit: int = PASSAGES_KEPT) -> Evidence:
        """The best `limit` sentences for the question, with their coverage of its focus words."""
        focus = focus_text(question, self.weights.known)
        terms = frozenset(t for t in bigrams(focus) if len(t) > 1)
        fusion = self._index.passage_retriever.fuse(content_text(question), vector, question.year)
        rows = [int(r) for r in fusion.order[:limit]]
        clause_dense = self._index.clause_vectors.scores(vector)
        # Sentences whose single clause is closest in meaning join in: a clause can match where its long sentence
        # does not (English questions above all).
        for clause_row in np.argsort(-clause_dense)[:CLAUSE_NEIGHBOURS]:
            row = self._sentence_rows.get(sentence_id(self._index.clause_chunks[int(clause_row)].chunk_id))
            if row is not None and row not in rows:
                rows.append(row)
        passages = []
        for rank, row in enumerate(rows):
            chunk = self._index.sentences[row]
            passages.append(Passage(chunk, rank, float(fusion.fused[row]), float(fusion.dense[row]),
                                    self.weights.coverage(terms, chunk.lead + chunk.text)))
        quoted = tuple(t for t in QUOTED_IN_QUESTION.findall(question.text) if t in self._text)
        return Evidence(question, focus, terms, passages, self.weights, clause_dense, quoted)
