"""What an answer is: the text to show or read aloud, the figures in it, and the passages that support them."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """A verbatim passage of a report: `quote == document_text[start:end]`."""

    doc_id: str
    title: str
    section: str
    paragraph: int = Field(description="1-based line number of the paragraph in the source file.")
    quote: str
    start: int
    end: int
    year: int = Field(description="The year the passage is about (results of 2023, plan for 2024).")
    year_label: str = Field(description="2023年实绩 or 2024年目标.")
    highlights: list[list[int]] = Field(
        default_factory=list,
        description="Document offsets [start, end] inside the quote of what the answer takes from it (figures, "
                    "names, items, clauses), for marking; built by the server, never searched for by clients.")


class Figure(BaseModel):
    """One figure stated in the answer."""

    printed: str = Field(description="The figure exactly as printed in the report, with its qualifiers.")
    year: int
    year_label: str
    kind: str = Field(description="amount | rate | share | count | measure | ordinal")
    metric: str = Field(description="What the figure measures, in the report's words.")
    citation: int = Field(description="1-based index into `citations` of the passage that states it.")
    start: int = Field(-1, description="Document offset of the figure as printed (-1 when unknown).")
    end: int = Field(-1, description="Document offset just after the figure as printed.")


class AnswerItem(BaseModel):
    """A verbatim piece of the report the answer is made of: a name, a list item, a clause of a plan, a heading."""

    text: str = Field(description="Exactly `document_text[start:end]`.")
    start: int
    end: int
    citation: int = Field(description="1-based index into `citations` of the passage that holds it.")
    role: str = Field(description="span | item | clause | heading | explanation | purpose | figure")


class Computed(BaseModel):
    """Arithmetic on two cited figures of the same unit, labelled as computed (the report does not print it)."""

    operation: str = Field(description="difference | ratio | percent_change")
    expression: str = Field(description="The arithmetic as shown, e.g. 2751 − 1200 = 1551.")
    value: str
    unit: str
    operands: list[int] = Field(description="1-based indexes into `figures` of the two figures used.")


class RetrievedPassage(BaseModel):
    """A passage the retriever ranked for the question (returned on request, for evaluation)."""

    doc_id: str
    paragraph: int
    start: int
    end: int
    score: float


KINDS = ("figure", "name", "list", "measures", "yesno", "definition", "overview", "purpose", "comparison", "refusal")


class Answer(BaseModel):
    """The response to one question."""

    answer: str
    answerable: bool
    kind: str = Field("figure", description="What the question wanted and the answer gives: " + " | ".join(KINDS))
    items: list[AnswerItem] = Field(default_factory=list,
                                    description="The parts of the answer, in order, each verbatim and cited.")
    verdict: str | None = Field(None, description="For yes/no questions: yes (the report says so). Never no: "
                                                  "when the report is silent the answer is a refusal.")
    computed: Computed | None = None
    read_aloud: str = Field("", description="A sentence a hotline operator can read to a caller: fixed template "
                                            "words and the report's own words only.")
    missing: str | None = Field(None, description="For refusals, what the report lacks: figure | other_year | "
                                                  "procedure | official | definition | not_covered")
    citations: list[Citation]
    figures: list[Figure] = Field(default_factory=list)
    question: str = ""
    confidence: float = Field(0.0, description="Probability that this answer is right (for a refusal: that the "
                              "report indeed does not answer the question), from `score`; fitted on blind dev sets.")
    score: float = Field(0.0, description="The raw match score of the chosen answer (of the best rejected one for a "
                                          "refusal); comparable only within a kind.")
    related: list[str] | None = Field(
        None, description="Questions about nearby figures that the report answers (only when asked: include_related)."
    )
    retrieval: list[RetrievedPassage] | None = Field(
        None, description="Top passages of the retriever, only when the request asks for them (include_retrieval)."
    )
