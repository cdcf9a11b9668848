"""Each lexical resource loads offline from its installed wheel and reaches the report's own words: CC-CEDICT
glosses, pypinyin names, OpenCC's traditional → simplified table."""

import pytest

from app.corpus.documents import Document
from app.lexical.cedict import entries
from app.lexical.english import EnglishBridge, build_bridge
from app.lexical.pinyin import build_pinyin_names
from app.retrieval.text import normalize


def test_cc_cedict_loads_offline_from_the_installed_wheel() -> None:
    found = dict(entries())
    assert len(found) > 100_000
    assert "base station" in found["基站"]


@pytest.fixture(scope="module")
def bridge(report: Document) -> EnglishBridge:
    return EnglishBridge(build_bridge(report.text))


@pytest.mark.parametrize(("question", "report_word"), [
    ("What will the city do about air pollution?", "大气污染"),
    ("How many 5G base stations were built?", "基站"),
    ("Which general-aviation airport will open?", "机场"),
    ("What will be done about sewage?", "污水"),
    # A verb phrase's verb alone: 签约 is glossed "to sign a contract or agreement", asked as "signed".
    ("How many projects were signed last year?", "签约"),
    # Amounts in English units, as the report writes them (千万元以上项目, 超50亿元项目).
    ("projects worth over 10 million yuan", "千万"),
    ("projects worth over 5 billion yuan", "50亿"),
])
def test_english_words_reach_the_report_words(bridge: EnglishBridge, report: Document, question: str,
                                              report_word: str) -> None:
    words = [term for _, term in bridge.lookup(question)]
    assert report_word in words
    assert all(term in report.text for term in words)  # only words the report itself uses


def test_question_words_and_kind_words_are_not_bridged(bridge: EnglishBridge) -> None:
    assert bridge.lookup("What is the rate of the total in this year?") == []


def test_pinyin_names_load_offline_and_reach_the_report_names(report: Document) -> None:
    names = build_pinyin_names(report.text)
    assert "库伦" in names["kulun"] and "引绰济辽" in names["yinchuojiliao"]
    bridge = EnglishBridge(build_bridge(report.text), names)
    assert ("kulun", "库伦") in bridge.lookup("Will the Kulun airport be completed?")
    assert bridge.lookup("Will the airport be completed?") == [("airport", "机场")]  # English words stay English


def test_opencc_loads_offline_and_traditional_questions_meet_the_simplified_report() -> None:
    assert normalize("地區生產總值") == "地区生产总值"
    assert normalize("ＧＤＰ") == "gdp"
