"""Writing answers out: a draft's verbatim pieces inside fixed template words (zh or en), numbered citations with
the pieces' offsets to highlight, the hotline's ready-to-read sentence, and refusals that say what is missing."""

from __future__ import annotations

from app.answering import compose
from app.answering.answerers.base import Draft, Piece
from app.answering.models import Answer, AnswerItem, Citation
from app.corpus.chunking import PLAN
from app.indexing.store import ReportIndex

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
LONG_QUOTE = 80  # characters; a quote this long is not preceded by the same words again
_PART_TITLES = {"zh": {"results": "{year}年工作回顾", "plan": "{year}年工作安排"},
                "en": {"results": "The review of {year}", "plan": "The plan for {year}"}}
MISSING_TEXT = {
    "zh": {
        "figure": compose.NO_FIGURE["zh"],
        "other_year": "报告只有{covered}的内容，没有{asked}的数字或安排。",
        "procedure": "报告没有说明办理或申请的办法：它回顾政府工作、部署当年任务，不讲具体办事流程。",
        "official": "报告没有提到负责人或官员的姓名。",
        "address": "报告没有给出地址或具体位置。",
        "yesno": "报告没有提到这件事，无法确认。",
        "definition": "报告没有解释“{term}”的含义，只在这里提到它：“{mention}”。",
        "not_covered": "报告中没有找到这个问题的答案。",
        "comparison": "报告没有给出可以比较的两个数字，无法计算。报告给出的是：",
        "comparison_none": "报告没有给出可以比较的两个数字，无法计算。",
        "nearest": compose.NEAREST["zh"],
    },
    "en": {
        "figure": compose.NO_FIGURE["en"],
        "other_year": "The report covers only {covered}; it has nothing for {asked}.",
        "procedure": "The report does not explain how to apply or what the procedure is: it reviews the government's "
                     "work and sets its tasks, not service procedures.",
        "official": "The report names no officials.",
        "address": "The report gives no addresses or exact locations.",
        "yesno": "The report does not say.",
        "definition": "The report does not explain “{term}”; it only mentions it here: “{mention}”.",
        "not_covered": "The report does not answer this.",
        "comparison": "The report does not give both figures, so they cannot be compared. What it gives:",
        "comparison_none": "The report does not give both figures, so they cannot be compared.",
        "nearest": compose.NEAREST["en"],
    },
}


class Renderer:
    """Drafts and refusals → answers, for one index."""

    def __init__(self, index: ReportIndex, max_citations: int = 5) -> None:
        self._index = index
        self._max_citations = max_citations

    def draft(self, draft: Draft, question: str, language: str) -> Answer:
        """The answer of a draft: its pieces as items, its context as quotes, every piece cited."""
        citations: list[Citation] = []
        items = [self._item(citations, piece) for piece in draft.pieces]
        for piece in draft.context:
            self._cite(citations, piece.source)
        text = _WRITERS[draft.kind](self, draft, items, language)
        # A "yes" clause that states a figure ("今年还建5G基站吗" → 新建5G基站1200个) gives that figure too.
        figures = [compose.figure_for(f, i.citation) for i, piece in zip(items, draft.pieces, strict=True)
                   if draft.kind == "yesno" for f in self._index.facts
                   if f.doc_id == piece.doc_id and i.start <= f.start and f.end <= i.end]
        # An overview or a plan cites every heading or sentence it gives, even beyond the usual cap.
        cap = max([self._max_citations, *(i.citation for i in items)])
        return Answer(answer=text, answerable=True, kind=draft.kind, items=items, verdict=draft.verdict,
                      figures=figures, citations=citations[:cap], question=question,
                      confidence=round(draft.confidence, 3))

    def refusal(self, question: str, language: str, missing: str, nearest: list[str], *, term: str = "",
                mention: Piece | None = None, asked_years: tuple[int, ...] = ()) -> Answer:
        """A refusal that says what the report lacks, citing the nearest passages (sentence ids)."""
        citations: list[Citation] = []
        for source in ([mention.source] if mention else []) + nearest:
            self._cite(citations, source)
        words = MISSING_TEXT[language]
        text = words[missing].format(term=term, mention=mention.text if mention else "",
                                     covered=self._covered(language), asked=self._asked(asked_years, language))
        if missing in ("figure", "yesno", "not_covered", "procedure") and citations:
            text += (" " if language == "en" else "") + words["nearest"].format(
                nearest=compose.excerpt(citations[0].quote, question))
        return Answer(answer=text, answerable=False, kind="refusal", missing=missing,
                      citations=citations[:3], question=question)

    def uncomparable(self, partial: Answer, language: str) -> Answer:
        """A comparison the report cannot make (one of the two figures is missing), with what it does give."""
        words = MISSING_TEXT[language]
        separator = " " if language == "en" else ""
        # With nothing of either year, say only that; else what the report does give.
        text = words["comparison_none"] if not partial.answerable else words["comparison"] + separator + partial.answer
        return Answer(answer=text, answerable=False, kind="refusal", missing="comparison", citations=partial.citations,
                      question=partial.question)

    def finish(self, answer: Answer, language: str) -> Answer:
        """Mark what each citation gives (highlight offsets) and write the ready-to-read sentence."""
        spans = [(f.citation, f.start, f.end) for f in answer.figures if f.start >= 0]
        spans += [(i.citation, i.start, i.end) for i in answer.items]
        for number, start, end in spans:
            if 1 <= number <= len(answer.citations):
                marks = answer.citations[number - 1].highlights
                if [start, end] not in marks:
                    marks.append([start, end])
        answer.read_aloud = self._read_aloud(answer, language)
        return answer

    def span_text(self, pieces: list[Piece]) -> str:
        """The report's own text from the first piece's start to the last one's end (pieces of one sentence)."""
        first, last = min(p.start for p in pieces), max(p.end for p in pieces)
        return self._index.documents[pieces[0].doc_id].text[first:last].rstrip(",，;；:：。")

    def _cite(self, citations: list[Citation], source: str) -> int:
        return compose.cite(self._index, citations, source)

    def _item(self, citations: list[Citation], piece: Piece) -> AnswerItem:
        number = self._cite(citations, piece.source)
        return AnswerItem(text=piece.text, start=piece.start, end=piece.end, citation=number, role=piece.role)

    def _covered(self, language: str) -> str:
        years = self._index.covered_years
        if language == "en":
            return f"{years[0]} results and {years[-1]} targets"
        return f"{years[0]}年实绩和{years[-1]}年目标"

    @staticmethod
    def _asked(years: tuple[int, ...], language: str) -> str:
        if not years:
            return "that year" if language == "en" else "其他年份"
        return "、".join(str(y) for y in years) if language == "en" else "、".join(f"{y}年" for y in years)

    def _read_aloud(self, answer: Answer, language: str) -> str:
        title = answer.citations[0].title if answer.citations else next(iter(self._index.documents.values())).title
        head = f"According to “{title}”, " if language == "en" else f"根据《{title}》，"
        if not answer.answerable:
            return head + answer.answer.split("相关内容")[0].split(" Nearest passage")[0]
        if answer.kind in ("figure", "comparison"):
            parts = [self._figure_clause(answer, f.citation, f.start, f.year_label, language) for f in answer.figures]
            tail = ""
            if answer.computed:
                computed = answer.computed
                tail = (f"; computed from these: {computed.expression} {computed.unit}".rstrip()
                        if language == "en" else f"；按这两个数字计算，{computed.expression}{computed.unit}")
            return head + ("; " if language == "en" else "；").join(parts) + tail + ("." if language == "en" else "。")
        separator = ("; " if language == "en" else "、" if answer.kind == "list" else "；")
        joined = separator.join(i.text for i in answer.items)
        if answer.kind == "yesno":
            joined = ("yes: " if language == "en" else "是的，") + joined
        return head + joined + ("." if language == "en" else "。")

    def _figure_clause(self, answer: Answer, number: int, start: int, year_label: str, language: str) -> str:
        citation = answer.citations[number - 1]
        clause = next((c for c in self._index.clauses(self._sentence_id(citation))
                       if c.start <= start < c.end), None)
        text = clause.text.rstrip("，,；;。") if clause else citation.quote
        year = year_label[:4]
        if language == "en":
            return f"{year} {'target' if '目标' in year_label else 'result'}: {text}"
        return f"{year}年目标：{text}" if "目标" in year_label else f"{year}年，{text}"

    def _sentence_id(self, citation: Citation) -> str:
        return next(s.chunk_id for s in self._index.paragraph_sentences(citation.doc_id, citation.paragraph)
                    if s.start == citation.start)


def _marked(items: list[AnswerItem], separator: str, numbered: bool) -> str:
    many = len({i.citation for i in items}) > 1
    return separator.join((CIRCLED[n] if numbered and n < len(CIRCLED) else "") + i.text
                          + (f"[{i.citation}]" if many else "") for n, i in enumerate(items))


def _context_quote(renderer: Renderer, draft: Draft) -> str:
    return draft.context[0].text if draft.context else ""


def _write_name(renderer: Renderer, draft: Draft, items: list[AnswerItem], language: str) -> str:
    quote = _context_quote(renderer, draft)
    span = items[0].text
    if language == "en":
        return f"{span}. The report says: “{quote}”." if quote else f"The report says: “{span}”."
    return f"{span}。原文：“{quote}”。" if quote else f"原文：“{span}”。"


def _write_list(renderer: Renderer, draft: Draft, items: list[AnswerItem], language: str) -> str:
    quote = _context_quote(renderer, draft)
    fewer = draft.stated is not None and draft.stated[1] > len(items)
    if language == "en":
        listed = "; ".join(i.text for i in items)
        note = f" The report announces “{draft.stated[0]}” but lists only these." if fewer and draft.stated else ""
        return (f"{listed}. The report says: “{quote}”." if quote else f"The report says: “{listed}”.") + note
    listed = "、".join(i.text for i in items)
    note = f"（报告说“{draft.stated[0]}”，但只列出了这些）" if fewer and draft.stated else ""
    return (f"{listed}。原文：“{quote}”。" if quote else f"原文：“{listed}”。") + note


def _write_measures(renderer: Renderer, draft: Draft, items: list[AnswerItem], language: str) -> str:
    if language == "en":
        return "The report says: " + " ".join(f"“{i.text}”" + (f" [{i.citation}]" if len(items) > 1 else "")
                                              for i in items) + "."
    return _marked(items, "；", numbered=len(items) > 1) + "。"


def _write_yesno(renderer: Renderer, draft: Draft, items: list[AnswerItem], language: str) -> str:
    if language == "en":
        return f"Yes. The report says: “{items[0].text}”."
    return f"是。原文：“{items[0].text}”。"


def _write_definition(renderer: Renderer, draft: Draft, items: list[AnswerItem], language: str) -> str:
    if not draft.defined:
        if language == "en":
            return f"The report does not define “{draft.term}”; it says: “{items[0].text}”."
        return f"报告没有专门解释“{draft.term}”，提到它的原文是：“{items[0].text}”。"
    quote = _context_quote(renderer, draft)
    explanation = items[0].text
    shown = renderer.span_text(draft.context + draft.pieces) if quote else explanation
    term = f"“{draft.term}”" if draft.term and quote else ""
    if quote and len(shown) > LONG_QUOTE and explanation in shown:
        explanation = ""  # a long explanation is said once, inside its quote (the item carries it for the pages)
    if language == "en":
        return f"{term + ': ' if term else ''}{explanation + '. ' if explanation else ''}The report says: “{shown}”."
    if not quote:
        return f"原文：“{explanation}”。"
    return f"{term + '：' if term else ''}{explanation + '。' if explanation else ''}原文：“{shown}”。"


def _write_overview(renderer: Renderer, draft: Draft, items: list[AnswerItem], language: str) -> str:
    if draft.context:
        label = f"“{draft.context[0].text}”" + (" covers" if language == "en" else "部分包括")
    else:
        part = "plan" if renderer._index.chunk(draft.pieces[0].source).part == PLAN else "results"
        year = renderer._index.chunk(draft.pieces[0].source).year
        tail = " has these parts" if language == "en" else "分为这几部分"
        label = _PART_TITLES[language][part].format(year=year) + tail
    listed = _marked(items, "; " if language == "en" else "；", numbered=True)
    return f"{label}: {listed}." if language == "en" else f"{label}：{listed}。"


def _write_purpose(renderer: Renderer, draft: Draft, items: list[AnswerItem], language: str) -> str:
    quote = _context_quote(renderer, draft)
    purpose = items[0].text
    pieces = draft.context + draft.pieces
    adjacent = len({p.source for p in pieces}) == 1 and max(p.end for p in pieces) - min(p.start for p in pieces) <= 150
    said = renderer.span_text(pieces) if quote and adjacent else f"{quote}……{purpose}" if quote else purpose
    if language == "en":
        return f"The report says: “{said.replace('……', ' … ')}”."
    return f"{purpose}。原文：“{said}”。"


_WRITERS = {"name": _write_name, "list": _write_list, "measures": _write_measures, "yesno": _write_yesno,
            "definition": _write_definition, "overview": _write_overview, "purpose": _write_purpose}

