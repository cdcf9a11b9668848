"""Typos are corrected against the report's vocabulary, only where no dictionary knows what was typed; and the
corrected question is answered through the real HTTP app."""

import pytest
from fastapi.testclient import TestClient

from app.answering.lexicon import ENGLISH
from app.corpus.documents import Document
from app.lexical.cedict import general_vocabulary
from app.lexical.english import EnglishBridge, build_bridge
from app.lexical.spelling import SpellingCorrector


@pytest.fixture(scope="module")
def corrector(report: Document) -> SpellingCorrector:
    glossary = {w for key in ENGLISH for w in key.split()}
    return SpellingCorrector(report.text, glossary, EnglishBridge(build_bridge(report.text)).words(),
                             *general_vocabulary())


@pytest.mark.parametrize(("typed", "meant"), [
    ("今年固定资产投姿增长多少", "今年固定资产投资增长多少"),  # 姿 zi for 资 zi
    ("去年社会消费品另售总额", "去年社会消费品零售总额"),  # 另 ling for 零 ling
    ("What was the GPD in 2023?", "What was the GDP in 2023?"),
    ("How many base staions?", "How many base stations?"),
    ("去年糧食總產多少", "去年粮食总产多少"),  # traditional characters: simplified first
])
def test_typos_become_the_reports_words(corrector: SpellingCorrector, typed: str, meant: str) -> None:
    assert corrector.correct(typed) == meant


@pytest.mark.parametrize("written", [
    "通辽市长是谁", "今年要新增几家电商直播企业", "市属国有企业赚了多少利润", "老百姓看病花钱少了吗",
    "今年会承办网球比赛吗", "How many houses were renovated in 2023?", "Where is the gig-worker market?",
    "How many NEV charging piles?", "What is GIS used for?", "Is the BRT line planned?", "Where is Gei village?",
])
def test_words_a_dictionary_knows_are_left_alone(corrector: SpellingCorrector, written: str) -> None:
    assert corrector.correct(written) == written


@pytest.mark.parametrize(("question", "figure"), [
    ("去年固定资产投姿增长了多少", "24.3%"),
    ("What was Tongliao's GPD in 2023?", "1609亿元"),
    ("2023年粮食总产多少亿斤", "189亿斤"),  # 多少亿 + a unit of quantity asks for grain, not money
])
def test_questions_with_typos_are_answered(client: TestClient, question: str, figure: str) -> None:
    body = client.post("/api/ask", json={"question": question}).json()
    assert body["answerable"] and figure in body["answer"], body["answer"]
