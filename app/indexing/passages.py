"""The texts that get embedded: a passage or fact carries its year label and topic, so dense search sees them."""

from __future__ import annotations

from app.corpus.chunking import RESULTS, Chunk, part_label
from app.corpus.facts import Fact

# Changes whenever what gets embedded changes, so an index embedded otherwise reads as stale.
EMBEDDED_TEXTS_VERSION = "2"


def retrievable_passages(chunks: list[Chunk]) -> list[Chunk]:
    """The sentences that get their own vector: all but a paragraph's bare topic sentence ("打好污染防治攻坚战。"),
    which every other sentence of the paragraph already carries (see passage_text) and which, being short, would
    otherwise sit close to every question in vector space."""
    return [c for c in chunks if c.level == "sentence" and c.text != c.lead]


def passage_text(chunk: Chunk) -> str:
    """What is embedded and keyword-indexed for a sentence: year label, section, topic and the sentence."""
    lead = chunk.lead if chunk.lead and chunk.lead != chunk.text else ""
    return f"{part_label(chunk.part, chunk.year)} {chunk.section} {lead}{chunk.text}"


def fact_text(fact: Fact) -> str:
    """What is embedded for a fact: year label, topic, metric and the clause around the figure."""
    return f"{part_label(fact.part, fact.year)} {fact.lead}{fact.metric}：{fact.context}"


# How a question asks for each kind of figure: a fact is also embedded as the question it answers, which a question
# in other words than the report's sits closer to than to the report's own clause (e5 queries against queries).
_ASKED = {"amount": "是多少", "rate": "增长了多少", "share": "占比是多少", "count": "有多少个", "measure": "有多少",
          "ordinal": "是第几"}


def fact_question(fact: Fact) -> str:
    """The question a fact answers, in plain words: "去年新建5G基站有多少个？"."""
    when = "去年" if fact.part == RESULTS else "今年"
    return f"{when}{fact.metric}{_ASKED.get(fact.kind, '是多少')}？"


def clause_text(clause: Chunk) -> str:
    """What is embedded for a clause: its paragraph's topic and the clause, so "推进冬季清洁取暖" carries
    "打好污染防治攻坚战"."""
    return f"{part_label(clause.part, clause.year)} {clause.lead}{clause.text}"
