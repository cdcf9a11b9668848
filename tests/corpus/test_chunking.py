from app.corpus.chunking import PLAN, RESULTS, chunk_document, is_heading
from app.corpus.documents import Document

HEADING_LINES = {2, 5, 8, 11, 15, 19, 24, 28, 32, 36}


def test_every_chunk_reproduces_its_source_span(report: Document) -> None:
    for chunk in chunk_document(report):
        assert report.text[chunk.start : chunk.end] == chunk.text, chunk.chunk_id


def test_every_paragraph_is_covered_and_headings_are_sections(report: Document) -> None:
    chunks = chunk_document(report)
    paragraphs = {c.paragraph for c in chunks if c.level == "paragraph"}
    lines = report.text.split("\n")
    body_lines = {n for n, line in enumerate(lines, 1) if line.strip()} - HEADING_LINES
    assert paragraphs == body_lines
    assert {n for n, line in enumerate(lines, 1) if is_heading(line)} == HEADING_LINES
    by_paragraph = {c.paragraph: c for c in chunks if c.level == "paragraph"}
    assert by_paragraph[3].section == "转型升级步伐加快 发展动能持续增强"
    assert by_paragraph[31].section == "强化龙头牵引 推动城乡融合区域协调发展"
    assert by_paragraph[31].lead == "提升基础设施承载能力。"


def test_sentences_and_clauses_tile_each_paragraph(report: Document) -> None:
    chunks = chunk_document(report)
    for paragraph in (c for c in chunks if c.level == "paragraph"):
        sentences = [c for c in chunks if c.level == "sentence" and c.paragraph == paragraph.paragraph]
        assert "".join(s.text for s in sentences) == paragraph.text.replace(" ", "")
        assert sentences[0].start == paragraph.start and sentences[-1].end == paragraph.end


def test_parts_split_results_from_plan(report: Document) -> None:
    parts = {c.paragraph: (c.part, c.year) for c in chunk_document(report) if c.level == "paragraph"}
    assert all(parts[n] == (RESULTS, 2023) for n in (1, 3, 4, 6, 7, 9))
    assert all(parts[n] == (PLAN, 2024) for n in range(10, 40) if n in parts)


def test_ids_are_stable_across_rebuilds(report: Document) -> None:
    first = [(c.chunk_id, c.start, c.end) for c in chunk_document(report)]
    second = [(c.chunk_id, c.start, c.end) for c in chunk_document(report)]
    assert first == second
    assert len({cid for cid, _, _ in first}) == len(first)
