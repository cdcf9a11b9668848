"""Split a report into parts, sections, paragraphs, sentences and clauses, each with exact offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from app.corpus.documents import Document

# Bump whenever chunk boundaries or ids change: the index manifest records it.
CHUNKER_VERSION = "5"

RESULTS, PLAN = "results", "plan"
_HEADING = re.compile(r"^[^\s,，。;；:：]{2,24} [^\s,，。;；:：]{2,24}$")
_SENTENCE_END = re.compile(r"[。;；！？!?]")
_CLAUSE_END = re.compile(r"[,，:：;；。！？!?]")
# The plan part of a work report opens with "<report year>年是…" or "今年…".
_PLAN_OPENING = re.compile(r"^(?:(?P<year>\d{4})年是|今年)")


@dataclass(frozen=True)
class Chunk:
    """A span of one document: `document.text[start:end] == text`."""

    chunk_id: str
    doc_id: str
    level: str  # heading | paragraph | sentence | clause
    part: str  # results | plan
    year: int
    section: str
    paragraph: int  # 1-based line number of the paragraph in the source file
    start: int
    end: int
    text: str
    lead: str = ""  # the paragraph's opening sentence when it names the topic ("持续扩大有效投资。")

    def to_dict(self) -> dict:
        """Plain dict for the chunk table."""
        return asdict(self)


def sentence_id(chunk_id: str) -> str:
    """The id of the sentence that holds a clause ("doc:3.2.1" → "doc:3.2")."""
    return chunk_id.rsplit(".", 1)[0]


def part_label(part: str, year: int) -> str:
    """Human label of a part: "2023年实绩" or "2024年目标"."""
    return f"{year}年实绩" if part == RESULTS else f"{year}年目标"


def _part_title(part: str, report_year: int) -> str:
    return f"{report_year - 1}年工作回顾" if part == RESULTS else f"{report_year}年工作安排"


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(line number, start offset, line text without its newline)."""
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, offset, line
        offset += len(line) + 1


def _spans(text: str, start: int, end: int, boundary: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """Split text[start:end] after each boundary character, trimming whitespace; no empty spans."""
    piece_start = start
    for match in boundary.finditer(text, start, end):
        yield from _trimmed(text, piece_start, match.end())
        piece_start = match.end()
    yield from _trimmed(text, piece_start, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def is_heading(line: str) -> bool:
    """A section heading is a short line of two phrases separated by one space."""
    return bool(_HEADING.match(line.strip()))


def chunk_document(doc: Document) -> list[Chunk]:
    """All heading, paragraph, sentence and clause chunks of `doc`, in document order."""
    chunks: list[Chunk] = []
    part, section = RESULTS, _part_title(RESULTS, doc.year)
    for number, line_start, line in _lines(doc.text):
        if not line.strip():
            continue
        if is_heading(line):
            section = line.strip()
            year = doc.year - 1 if part == RESULTS else doc.year
            start, end = next(_trimmed(doc.text, line_start, line_start + len(line)))
            chunks.append(Chunk(f"{doc.doc_id}:{number}", doc.doc_id, "heading", part, year, section, number, start,
                                end, doc.text[start:end]))
            continue
        opening = _PLAN_OPENING.match(line)
        if part == RESULTS and opening and int(opening.group("year") or doc.year) == doc.year:
            part, section = PLAN, _part_title(PLAN, doc.year)
        year = doc.year - 1 if part == RESULTS else doc.year
        chunks.extend(_paragraph_chunks(doc, number, line_start, line_start + len(line), part, year, section))
    return chunks


def _paragraph_chunks(
    doc: Document, number: int, start: int, end: int, part: str, year: int, section: str
) -> list[Chunk]:
    text = doc.text
    sentences = list(_spans(text, start, end, _SENTENCE_END))
    first = text[sentences[0][0] : sentences[0][1]]
    # A short opening sentence ("持续扩大有效投资。") is the topic of everything after it.
    lead = first if len(first) <= 16 and first.endswith("。") else ""

    def make(level: str, suffix: str, s: int, e: int) -> Chunk:
        return Chunk(f"{doc.doc_id}:{number}{suffix}", doc.doc_id, level, part, year, section, number, s, e,
                     text[s:e], lead)

    chunks = [make("paragraph", "", *next(_trimmed(text, start, end)))]
    for si, (s_start, s_end) in enumerate(sentences, start=1):
        chunks.append(make("sentence", f".{si}", s_start, s_end))
        for ci, (c_start, c_end) in enumerate(_spans(text, s_start, s_end, _CLAUSE_END), start=1):
            chunks.append(make("clause", f".{si}.{ci}", c_start, c_end))
    return chunks
