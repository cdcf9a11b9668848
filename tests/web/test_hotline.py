"""The hotline console, driven by keyboard alone in a real browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import FeedbackStoreReader


@pytest.fixture
def console(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(live_server + "/hotline")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    yield page
    assert refused == []  # the console runs under its strict Content-Security-Policy
    context.close()


def _ask(page: Any, question: str) -> Any:
    page.keyboard.type(question)
    page.keyboard.press("Enter")
    reply = page.locator(".reply .asked", has_text=question)
    reply.wait_for()
    return page.locator(".reply")


def test_an_operator_answers_a_caller_by_keyboard_alone(console: Any, stored_feedback: FeedbackStoreReader,
                                                         screenshots: Path) -> None:
    assert console.evaluate("document.activeElement.id") == "question"  # focus in the question box on load
    reply = _ask(console, "去年全市地区生产总值是多少？")
    sentence = reply.locator(".ready-sentence").inner_text()
    assert sentence == "根据《2024年通辽市政府工作报告》，2023年，全市地区生产总值完成1609亿元。"
    assert reply.locator(".figure-value").first.inner_text() == "1609亿元"
    assert reply.locator(".year-label").first.inner_text() == "2023年实绩"
    quote = reply.locator(".citation-body").first
    assert quote.is_visible() and "全市地区生产总值完成1609亿元" in quote.inner_text()
    assert "2023年工作回顾" in quote.locator(".citation-where").inner_text()

    console.keyboard.press("Alt+C")
    console.locator("#status", has_text="已复制答复").wait_for()
    assert console.evaluate("navigator.clipboard.readText()") == sentence

    console.keyboard.press("Alt+1")
    console.locator("#status", has_text="已标记：正确").wait_for()
    flagged = [f for f in stored_feedback.all() if f.question == "去年全市地区生产总值是多少？"]
    assert [(f.verdict, f.channel) for f in flagged] == [("correct", "hotline")]
    assert "1609亿元" in flagged[0].answer

    related = console.locator("#related button")
    assert related.count() >= 1
    console.screenshot(path=str(screenshots / "hotline-console.png"))

    # Related questions and the recent list are reachable by keyboard too.
    first_related = related.first.inner_text()
    related.first.focus()
    console.keyboard.press("Enter")
    console.locator(".reply .asked", has_text=first_related).wait_for()
    assert console.locator(".reply").get_attribute("class") == "reply answerable"
    recent = console.locator("#recent button").all_inner_texts()
    assert recent[:2] == [first_related, "去年全市地区生产总值是多少？"]


def test_the_console_says_plainly_when_the_report_does_not_cover_a_question(
        console: Any, stored_feedback: FeedbackStoreReader, screenshots: Path) -> None:
    reply = _ask(console, "通辽市有多少个民用机场？")
    assert "not-found" in (reply.get_attribute("class") or "")
    assert reply.locator(".ready-label").inner_text().startswith("报告未涵盖这个问题")
    assert "没有找到这个问题对应的数字" in reply.locator(".ready-sentence").inner_text()
    assert reply.locator(".citation-body").first.is_visible()  # what the report does say nearby
    console.screenshot(path=str(screenshots / "hotline-not-covered.png"))
    console.keyboard.press("Alt+3")
    console.locator("#status", has_text="已标记：报告未涵盖").wait_for()
    assert any(f.verdict == "not_found" and f.question == "通辽市有多少个民用机场？" for f in stored_feedback.all())


def test_a_new_call_forgets_the_previous_callers_conversation(console: Any) -> None:
    first = _ask(console, "2023年新建5G基站多少个？")
    assert first.locator(".figure-value").first.inner_text() == "2751个"
    follow_up = _ask(console, "那今年的呢？")  # typing replaces the selected last question
    assert follow_up.locator(".figure-value").first.inner_text() == "1200个"

    console.keyboard.press("Alt+N")
    assert console.locator(".reply").count() == 0
    assert console.evaluate("document.activeElement.id") == "question"
    fresh = _ask(console, "那今年的呢？")
    assert "5G" not in fresh.inner_text()  # nothing to inherit from the previous caller


def test_markup_typed_by_an_operator_is_shown_as_text(console: Any) -> None:
    question = "<b onclick=alert(1)>粮食</b>产量多少"
    reply = _ask(console, question)
    assert reply.locator(".asked").inner_text() == "问：" + question
    assert reply.locator(".asked b").count() == 0


def test_the_ready_sentence_is_the_cited_clause_and_never_a_neighbouring_figure(console: Any,
                                                                                 screenshots: Path) -> None:
    reply = _ask(console, "低保标准提高了多少")
    sentence = reply.locator(".ready-sentence").inner_text()
    assert sentence == "根据《2024年通辽市政府工作报告》，2023年，城乡最低生活保障标准分别提高3%和7%。"
    marks = reply.locator(".citation-body").first.locator("mark").all_inner_texts()
    assert marks == ["3%"]
    body = reply.locator(".citation-body").first.locator(".quote").inner_html()
    assert "9<mark>3%</mark>" not in body  # the 3% of 低保, not the 3% inside 93%


@pytest.mark.parametrize(("question", "sentence"), [
    ("今年要建千兆城市吗？", "根据《2024年通辽市政府工作报告》，是的，建成千兆城市。"),
    ("今年要办哪些节会？", "根据《2024年通辽市政府工作报告》，西辽河文化节、科尔沁运动大会、“8·18”哲里木赛马节。"),
])
def test_every_kind_of_answer_has_a_sentence_to_read_made_of_the_report_words(console: Any, question: str,
                                                                             sentence: str) -> None:
    reply = _ask(console, question)
    assert reply.locator(".ready-sentence").inner_text() == sentence
