import pytest

from app.corpus.chunking import chunk_document
from app.corpus.documents import Document
from app.corpus.facts import Fact, extract_facts


@pytest.fixture(scope="module")
def facts(report: Document) -> list[Fact]:
    return extract_facts([c for c in chunk_document(report) if c.level == "clause"])


def _find(facts: list[Fact], printed: str, paragraph: int) -> Fact:
    return next(f for f in facts if f.printed == printed and f.paragraph == paragraph)


def test_every_fact_is_printed_verbatim_at_its_offsets(report: Document, facts: list[Fact]) -> None:
    assert len(facts) > 150
    for fact in facts:
        assert report.text[fact.start : fact.end] == fact.printed


def test_respectively_maps_listed_metrics_to_figures_in_order(facts: list[Fact]) -> None:
    assert "存栏" in _find(facts, "385.8万头", 3).metric
    assert "育肥" in _find(facts, "31.5万头", 3).metric
    assert "城镇" in _find(facts, "5.2%", 9).metric
    assert "农村" in _find(facts, "8.3%", 9).metric
    assert "医疗保险" in _find(facts, "96.7%", 9).metric


def test_a_head_noun_written_once_is_shared_by_the_listed_items(facts: list[Fact]) -> None:
    assert _find(facts, "93%", 9).metric.startswith("基本养老保险参保率")  # 基本养老、基本医疗保险参保率
    assert _find(facts, "85%", 3).metric.startswith("育肥规模")  # 育肥和屠宰规模
    assert _find(facts, "67家", 4).metric.startswith("高新技术企业") and "小企业" not in _find(facts, "67家", 4).metric


def test_kinds_years_and_qualifiers(facts: list[Fact]) -> None:
    assert _find(facts, "1609亿元", 1).kind == "amount"
    gdp_growth = _find(facts, "5.2%", 1)
    assert (gdp_growth.kind, gdp_growth.year) == ("rate", 2023)
    assert "地区生产总值" in gdp_growth.metric  # a thin "增长5.2%" borrows its subject
    assert _find(facts, "92.4%", 6).kind == "share"
    assert _find(facts, "二十连丰", 3).kind == "ordinal"
    assert _find(facts, "第8次", 9).kind == "ordinal"
    target = _find(facts, "突破190亿斤", 16)
    assert (target.value, target.year, target.part) == ("190亿斤", 2024, "plan")
    assert _find(facts, "510个以上", 12).kind == "count"


def test_noun_after_the_figure_is_its_metric(facts: list[Fact]) -> None:
    assert "半拉子" in _find(facts, "71个", 6).metric
    assert "化工集中区" in _find(facts, "4个", 17).metric


def test_counts_in_chinese_numerals_are_facts_of_their_own(facts: list[Fact]) -> None:
    printed = {f.printed for f in facts}
    # "九大行动", "六市一体化", "三年攻坚行动": people ask 几大行动, 几个市, 为期几年.
    assert {"九大", "六市", "三年", "十方面"} <= printed
    nine = next(f for f in facts if f.printed == "九大")
    assert nine.kind == "count" and "行动" in nine.context


def test_a_chinese_numeral_that_means_a_or_names_the_party_congress_is_no_count(facts: list[Fact]) -> None:
    printed = {f.printed for f in facts}
    assert not {"一批", "一个", "二十大"} & printed
    # "三年" counts only as a plan's duration ("三年行动"), never inside other words.
    assert all(f.context[f.context.index(f.printed) + 2:][:2] in ("行动", "攻坚", "计划", "规划", "专项")
               for f in facts if f.printed == "三年")
