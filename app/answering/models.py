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


class Figure(BaseModel):
    """One figure stated in the answer."""

    printed: str = Field(description="The figure exactly as printed in the report, with its qualifiers.")
    year: int
    year_label: str
    kind: str = Field(description="amount | rate | share | count | measure | ordinal")
    metric: str = Field(description="What the figure measures, in the report's words.")
    citation: int = Field(description="1-based index into `citations` of the passage that states it.")


class RetrievedPassage(BaseModel):
    """A passage the retriever ranked for the question (returned on request, for evaluation)."""

    doc_id: str
    paragraph: int
    start: int
    end: int
    score: float


class Answer(BaseModel):
    """The response to one question."""

    answer: str
    answerable: bool
    citations: list[Citation]
    figures: list[Figure] = Field(default_factory=list)
    question: str = ""
    confidence: float = Field(0.0, description="Score of the chosen figure; refusals report the best rejected one.")
    related: list[str] | None = Field(
        None, description="Questions about nearby figures that the report answers (only when asked: include_related)."
    )
    retrieval: list[RetrievedPassage] | None = Field(
        None, description="Top passages of the retriever, only when the request asks for them (include_retrieval)."
    )
