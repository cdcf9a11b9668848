"""The overview answerer: the section headings of the part asked about (2023 results or 2024 plans), or the topic
sentences of one section's paragraphs when the question names a section."""

from __future__ import annotations

import re

from app.answering.answerers.base import ClauseAnswerer, Draft, Piece, piece_of, trimmed
from app.answering.calibration import SECTION_SHARE, SECTION_VOTES
from app.answering.evidence import Evidence
from app.corpus.chunking import PLAN, RESULTS, Chunk
from app.indexing.store import ReportIndex
from app.retrieval.text import bigrams

# Words of overview questions that name no topic ("主要成就", "main tasks"): what is left after them names a section.
_GENERIC = re.compile(
    r"成绩单?|成就|成效|任务|重点|工作|方面|部分|板块|大事|几件|主要|政府|报告|全市|经济社会发展|发展|干得|干成|做了|讲了|安排|内容|包括|"
    r"分成|归纳|角度|方向|入手|回顾|过去|一年|上一|大体|分为|一共|各是|哪些|几大|几个|几项|几块|哪几|总体|概括|总结|"
    r"\b(?:achievements?|accomplishments?|tasks?|main|work|plans?|parts?|sections?|cover|covers|include|includes|"
    r"areas?|priorities|"
    r"outline|overview|summary|summarise|summarize|key|major|give|me|an|of|on|in|the|what|does|do|did|were|was|are|is|"
    r"tongliao|government|city|report|last|this|year|2023|2024)\b"
)


class OverviewAnswerer(ClauseAnswerer):
    """Headings of a part, or the topic sentences of a section."""

    def __init__(self, index: ReportIndex) -> None:
        super().__init__(index)
        # What each section is called and opens with, worked out once: every overview question reads it.
        self._firsts = {h.chunk_id: self._first_sentences(h) for h in index.headings}
        self._named = [h.text + "".join(s.lead for s in self._firsts[h.chunk_id]) for h in index.headings]
        self._section_words = {h.chunk_id: set(bigrams(h.text + "".join(s.lead or s.text[:20]
                                                                        for s in self._firsts[h.chunk_id])))
                               for h in index.headings}

    def answer(self, evidence: Evidence) -> Draft | None:
        """The headings (or topic sentences) that summarise what was asked."""
        question = evidence.question
        if evidence.quoted and not any(t in text for t in evidence.quoted for text in self._named):
            return None  # "“政策落地工程”的主要内容": a term, not a part of the report
        part = RESULTS if question.year == min(self._index.covered_years) else PLAN if question.year else None
        topic = self._topic(evidence)
        headings = [h for h in self._index.headings if part is None or h.part == part]
        section = self._section(evidence, topic, headings) if topic else None
        if topic and section is None and self._specific(evidence, topic):
            return None  # a topic that is no section ("养老服务从哪几个方面"): not an overview
        if section is not None:
            return Draft("overview", self._topic_sentences(section), 1.0, context=[piece_of(self._index, section,
                                                                                              "heading")])
        if part is None:
            part = PLAN
            headings = [h for h in headings if h.part == part]
        return Draft("overview", [piece_of(self._index, h, "heading") for h in headings], 1.0)

    def _topic(self, evidence: Evidence) -> set[str]:
        """The words naming a section, once the overview wording is gone ("the 2024 part on security … cover")."""
        question = evidence.question
        if question.language == "en":  # bridge only what is left, not "section" or "cover"
            left = _GENERIC.sub(" ", question.text.lower())
            text = " ".join(term for _, term in self._index.english.lookup(left))
        else:
            text = _GENERIC.sub(" ", evidence.focus)
        return {t for t in bigrams(text) if len(t) > 1}

    @staticmethod
    def _specific(evidence: Evidence, topic: set[str]) -> bool:
        """The remaining words are the report's words (a topic it covers), not leftovers of the wording."""
        return sum(evidence.weights.known(t) for t in topic) >= 2

    def _section(self, evidence: Evidence, topic: set[str], headings: list[Chunk]) -> Chunk | None:
        """The section the question names, by its words and by where retrieval went; None when none stands out."""
        weights = evidence.weights
        total = sum(weights.weight(t) for t in topic)
        scores = {}
        for heading in headings:
            words = self._section_words[heading.chunk_id]
            share = sum(weights.weight(t) for t in topic if t in words) / total if total else 0.0
            votes = sum(1 / (1 + p.rank) for p in evidence.passages if p.chunk.section == heading.section)
            scores[heading.chunk_id] = (share + 0.3 * votes, share, votes)
        best_id = max(scores, key=lambda k: scores[k][0])
        _, share, votes = scores[best_id]
        # Its words, or where retrieval went: most of the best sentences sit in one section.
        return self._index.chunk(best_id) if share >= SECTION_SHARE or votes >= SECTION_VOTES else None

    def _first_sentences(self, heading: Chunk) -> list[Chunk]:
        """The first sentence of each paragraph of the heading's section."""
        firsts = []
        for paragraph in range(heading.paragraph + 1, heading.paragraph + 12):
            sentences = self._index.paragraph_sentences(heading.doc_id, paragraph)
            if not sentences or sentences[0].section != heading.section:
                break
            firsts.append(sentences[0])
        return firsts

    def _topic_sentences(self, heading: Chunk) -> list[Piece]:
        """Each paragraph's topic sentence ("持续扩大有效投资。"), else its first clause."""
        pieces = []
        for first in self._firsts[heading.chunk_id]:
            if first.lead:
                pieces.append(trimmed(piece_of(self._index, first, "heading")))
            else:
                clause = self._index.clauses(first.chunk_id)[0]
                pieces.append(trimmed(piece_of(self._index, clause, "heading")))
        return pieces
