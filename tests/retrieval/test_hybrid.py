"""Hybrid retrieval and fact ranking on the real index and model."""

from __future__ import annotations

from app.answering.candidates import CANDIDATES_KEPT, FactScorer
from app.answering.question import analyze
from app.service import Service


def test_a_limited_ranking_is_the_head_of_the_full_one(service: Service) -> None:
    retriever = service.index.passage_retriever
    vector = service.encoder.queries(["5G基站"])[0]
    full = retriever.rank("5G基站", vector, None)
    assert len(full) == len(service.index.sentences)
    assert retriever.rank("5G基站", vector, None, limit=3) == full[:3]
    assert [r.score for r in full] == sorted((r.score for r in full), reverse=True)


def test_the_asked_year_steers_the_ranking_to_that_years_part(service: Service) -> None:
    retriever = service.index.passage_retriever
    vector = service.encoder.queries(["5G基站"])[0]
    for year in (2023, 2024):
        top = retriever.rank("5G基站", vector, year, limit=1)[0]
        assert service.index.sentences[top.row].year == year


def test_fact_candidates_come_best_first_with_the_asked_year_on_top(service: Service) -> None:
    scorer = FactScorer(service.index)
    asked = [("2023年新建多少个5G基站", 2023, "2751个"), ("2024年计划新建多少个5G基站", 2024, "1200个")]
    for text, year, value in asked:
        question = analyze(text)
        candidates = scorer.rank(question, service.encoder.queries([question.expanded])[0])
        assert 0 < len(candidates) <= CANDIDATES_KEPT
        assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
        best = candidates[0]
        assert (best.fact.value, best.fact.year, best.year_ok) == (value, year, True)
        assert any(c.year_ok is False for c in candidates)
