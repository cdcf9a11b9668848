"""Every kind of question the report answers gets its kind of answer, through the real HTTP app: the parts are the
report's own words at exact offsets, and what the report does not say is refused, saying what is missing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.corpus.documents import Document


def ask(client: TestClient, question: str) -> dict:
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 200
    return response.json()


def assert_verbatim(body: dict, report: Document) -> None:
    """Every quote, item and highlight is the report's text at its offsets, inside the passage it cites."""
    for citation in body["citations"]:
        assert report.text[citation["start"] : citation["end"]] == citation["quote"]
        for start, end in citation["highlights"]:
            assert citation["start"] <= start < end <= citation["end"]
    for item in body["items"]:
        cited = body["citations"][item["citation"] - 1]
        assert report.text[item["start"] : item["end"]] == item["text"]
        assert cited["start"] <= item["start"] and item["end"] <= cited["end"]


@pytest.mark.parametrize(("question", "kind", "expected"), [
    ("双子星是和哪个城市？", "name", ["赤峰"]),
    ("保交楼用的什么办法？", "name", ["“一楼一策”"]),
    ("哲里木赛马节什么时候举办", "name", ["“8·18”"]),
    ("今年要办哪些节会？", "list", ["西辽河文化节", "科尔沁运动大会", "“8·18”哲里木赛马节"]),
    ("今年要发展哪些消费？", "list", ["数字消费", "绿色消费", "健康消费"]),
    ("今年哪些机场要建成？", "list", ["库伦通用机场", "奈曼通用机场"]),
    ("“亮晒比评”是什么意思？", "definition", ["亮出诚信、晒出精气神、比出干劲儿、评出实绩"]),
    ("为什么要治理欠薪？", "purpose", ["让广大农民工没有后顾之忧"]),
])
def test_a_question_gets_the_span_or_items_it_asks_for(client: TestClient, report: Document, question: str,
                                                     kind: str, expected: list[str]) -> None:
    body = ask(client, question)
    assert body["answerable"] is True and body["kind"] == kind
    assert [i for i in expected if i not in [item["text"] for item in body["items"]]] == []
    assert_verbatim(body, report)


def test_a_plan_is_answered_with_its_clauses_in_report_order(client: TestClient, report: Document) -> None:
    body = ask(client, "今年冬天供暖有什么打算？")
    assert body["kind"] == "measures" and body["answerable"] is True
    text = " ".join(item["text"] for item in body["items"])
    assert "温暖工程" in text and "管网更新" in text and "智慧供热" in text
    starts = [item["start"] for item in body["items"]]
    assert starts == sorted(starts)
    assert_verbatim(body, report)


def test_yes_comes_with_the_clause_that_says_so(client: TestClient, report: Document) -> None:
    body = ask(client, "今年要建千兆城市吗？")
    assert body["kind"] == "yesno" and body["verdict"] == "yes"
    assert body["items"][0]["text"].endswith("建成千兆城市")
    assert body["read_aloud"].endswith("是的，建成千兆城市。")
    assert_verbatim(body, report)


def test_a_question_the_report_is_silent_on_is_never_answered_no(client: TestClient) -> None:
    body = ask(client, "今年通辽要修地铁吗？")
    assert body["answerable"] is False and body.get("verdict") is None
    assert "否" not in body["answer"] and "没有提到" in body["answer"]


def test_a_comparison_shows_both_figures_and_labels_the_arithmetic(client: TestClient, report: Document) -> None:
    body = ask(client, "5G基站今年比去年少建多少？")
    assert body["kind"] == "comparison"
    assert [(f["printed"], f["year"]) for f in body["figures"]] == [("2751个", 2023), ("1200个", 2024)]
    assert body["computed"]["expression"] == "2751 − 1200 = 1551" and body["computed"]["value"] == "1551"
    assert "报告未直接给出" in body["answer"]
    assert_verbatim(body, report)


def test_an_overview_gives_the_headings_of_the_part_asked(client: TestClient, report: Document) -> None:
    body = ask(client, "去年主要干成了哪些事？")
    assert body["kind"] == "overview"
    assert [i["text"] for i in body["items"]] == [
        "转型升级步伐加快 发展动能持续增强", "绿色底蕴更加深厚 城乡面貌日益改善", "政府承诺全部兑现 民生福祉不断增进"]
    plan = ask(client, "今年政府工作的主要任务是什么？")
    assert len(plan["items"]) == 7 and all(c["year"] == 2024 for c in plan["citations"])
    assert_verbatim(plan, report)


@pytest.mark.parametrize(("question", "missing", "says"), [
    ("怎么申请公租房？", "procedure", "办法"),
    ("保障性租赁住房在哪里申请", "procedure", "办法"),
    ("市长是谁？", "official", "姓名"),
    ("2022年GDP是多少？", "other_year", "2023年实绩和2024年目标"),
    ("什么是“五个大起底”？", None, "没有专门解释"),
])
def test_what_the_report_does_not_say_is_refused_saying_what_is_missing(client: TestClient, question: str,
                                                                         missing: str | None, says: str) -> None:
    body = ask(client, question)
    assert says in body["answer"]
    assert body["figures"] == []
    if missing:
        assert body["answerable"] is False and body["missing"] == missing


def test_the_hotline_sentence_and_highlight_are_the_cited_clause_of_the_figure(client: TestClient) -> None:
    body = ask(client, "低保标准提高了多少")
    assert body["figures"][0]["printed"] == "3%"
    citation = body["citations"][body["figures"][0]["citation"] - 1]
    start, end = citation["highlights"][0]
    assert citation["quote"][start - citation["start"] : end - citation["start"]] == "3%"
    assert not citation["quote"][start - citation["start"] - 1].isdigit()  # not the "3%" inside "93%"
    assert "最低生活保障标准分别提高3%和7%" in body["read_aloud"]
    assert "参保率" not in body["read_aloud"]


@pytest.mark.parametrize(("question", "shown"), [
    ("地區生產總值是多少？", "1609亿元"),
    ("雙子星是和哪個城市？", "赤峰"),
    ("今年要建設千兆城市嗎？", "建成千兆城市"),
])
def test_questions_in_traditional_characters_are_answered_as_in_simplified(client: TestClient, question: str,
                                                                            shown: str) -> None:
    body = ask(client, question)
    assert body["answerable"] is True and shown in body["answer"]
