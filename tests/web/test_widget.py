"""The widget embedded in a third-party page on another origin, in a real browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import FeedbackStoreReader

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def host_page(browser: Any, host_site: str) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(host_site)
    page.locator("tongliao-qa-widget .launcher").wait_for()
    yield page
    assert refused == []  # the panel runs under its strict Content-Security-Policy
    context.close()


def _open_and_ask(page: Any, question: str) -> Any:
    launcher = page.locator("tongliao-qa-widget .launcher")
    if launcher.get_attribute("aria-expanded") != "true":
        launcher.click()
    chat = page.frame_locator("tongliao-qa-widget iframe")
    chat.locator("#question").fill(question)
    chat.locator("#question").press("Enter")
    return chat


def test_the_widget_streams_an_answer_and_opens_its_citation(host_page: Any, screenshots: Path) -> None:
    streamed: list[str] = []
    host_page.on("response", lambda r: streamed.append(r.headers.get("content-type", ""))
                 if r.url.endswith("/api/chat") else None)
    chat = _open_and_ask(host_page, "今年计划新建多少个5G基站？")
    answer = chat.locator(".message.assistant .answer").last
    answer.wait_for()
    assert any(kind.startswith("text/event-stream") for kind in streamed)
    assert answer.locator(".figure-value").first.inner_text() == "1200个"
    assert answer.locator(".year-label").first.inner_text() == "2024年目标"

    toggle = answer.locator(".citation-toggle").first
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    passage = answer.locator(".citation-body").first
    assert passage.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert passage.locator("mark").inner_text() == "1200个"
    assert "新建5G基站1200个" in passage.locator(".quote").inner_text()
    assert "第" in passage.locator(".citation-where").inner_text()
    host_page.screenshot(path=str(screenshots / "widget-desktop.png"))


def test_host_page_styles_do_not_leak_into_the_widget_and_it_leaves_the_host_alone(host_page: Any) -> None:
    launcher = host_page.locator("tongliao-qa-widget .launcher")
    assert launcher.is_visible()  # the host hides every button and iframe; not this one
    style = launcher.evaluate("b => { const s = getComputedStyle(b); return [s.color, s.fontFamily, s.borderStyle]; }")
    assert style[0] == "rgb(255, 255, 255)"
    assert style[1].strip() != "serif"
    assert style[2] == "none"
    launcher.click()
    assert host_page.locator("tongliao-qa-widget iframe").is_visible()
    host_text = host_page.locator("#host-text").evaluate("p => getComputedStyle(p).fontSize")
    assert host_text == "21px"
    assert host_page.evaluate("document.head.querySelectorAll('style, link').length") == 1  # only the host's own


def test_markup_in_a_question_is_shown_as_text(host_page: Any) -> None:
    question = '<img src=x onerror="window.__xss = 1">通辽2023年GDP是多少？'
    chat = _open_and_ask(host_page, question)
    chat.locator(".message.assistant .answer").last.wait_for()
    assert chat.locator(".message.user p").last.inner_text() == question
    assert chat.locator(".messages img").count() == 0
    frame = next(f for f in host_page.frames if "/embed" in f.url)
    assert frame.evaluate("typeof window.__xss") == "undefined"
    assert host_page.evaluate("typeof window.__xss") == "undefined"


def test_follow_up_questions_stay_in_the_panels_conversation(host_page: Any) -> None:
    chat = _open_and_ask(host_page, "去年GDP多少？")
    chat.locator(".message.assistant .answer").nth(0).wait_for()
    chat.locator("#question").fill("增长了多少？")
    chat.locator("#question").press("Enter")
    second = chat.locator(".message.assistant .answer").nth(1)
    second.wait_for()
    assert second.locator(".figure-value").first.inner_text() == "5.2%"
    # The follow-up says how it was understood; the self-contained first question does not.
    understood = chat.locator(".message.user .understood")
    assert understood.count() == 1
    assert understood.inner_text().startswith("理解为：") and "增长" in understood.inner_text()

    chat.locator("#clear").click()
    assert chat.locator(".message").count() == 0
    assert chat.locator(".starter").first.is_visible()


def test_a_question_the_report_does_not_answer_is_a_distinct_state_with_nearby_passages(host_page: Any) -> None:
    chat = _open_and_ask(host_page, "通辽市有多少个民用机场？")
    answer = chat.locator(".message.assistant .answer").last
    answer.wait_for()
    assert "not-found" in (answer.get_attribute("class") or "")
    assert answer.locator(".not-found-title").is_visible()
    assert answer.locator(".figure-value").count() == 0
    assert answer.locator(".citation-body").first.is_visible()


def test_feedback_on_an_answer_is_stored(host_page: Any, stored_feedback: FeedbackStoreReader) -> None:
    chat = _open_and_ask(host_page, "2023年粮食总产量是多少？")
    reply = chat.locator(".message.assistant").last
    reply.locator(".answer").wait_for()
    reply.locator("[data-verdict=wrong_figure]").click()
    reply.locator(".feedback-note", has_text="已记录").wait_for()
    stored = [f for f in stored_feedback.all() if f.question == "2023年粮食总产量是多少？"]
    assert [(f.verdict, f.channel) for f in stored] == [("wrong_figure", "widget")]
    assert "189亿斤" in stored[0].answer


def test_the_widget_works_by_keyboard_alone_at_phone_width(browser: Any, host_site: str, screenshots: Path) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(host_site)
    page.locator("tongliao-qa-widget .launcher").wait_for()
    page.keyboard.press("Tab")  # the host's own link
    page.keyboard.press("Tab")  # the launcher
    assert page.evaluate("document.activeElement.tagName") == "TONGLIAO-QA-WIDGET"
    page.keyboard.press("Enter")
    chat = page.frame_locator("tongliao-qa-widget iframe")
    chat.locator("#question:focus").wait_for()
    page.keyboard.type("通辽去年的地区生产总值是多少？")
    page.keyboard.press("Enter")
    chat.locator(".answer .figure-value", has_text="1609亿元").wait_for()
    panel = page.locator("tongliao-qa-widget .panel").bounding_box()
    assert panel["width"] == PHONE["width"]  # full screen on a phone
    page.screenshot(path=str(screenshots / "widget-phone.png"))
    page.keyboard.press("Escape")
    page.locator("tongliao-qa-widget .panel").wait_for(state="hidden")
    assert page.locator("tongliao-qa-widget .launcher").get_attribute("aria-expanded") == "false"
    context.close()


def test_the_full_page_chat_at_root(browser: Any, live_server: str, screenshots: Path) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server + "/")
    assert page.evaluate("document.activeElement.id") == "question"
    page.locator(".starter").first.click()
    page.locator(".answer .figure-value", has_text="1609亿元").wait_for()
    page.screenshot(path=str(screenshots / "chat-page.png"))
    context.close()


def test_the_widget_works_on_a_site_with_a_strict_content_security_policy(browser: Any, host_site: str) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(host_site.replace("index.html", "strict.html"))
    launcher = page.locator("tongliao-qa-widget .launcher")
    launcher.wait_for()
    assert launcher.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(180, 35, 42)"  # its own styles
    chat = _open_and_ask(page, "今年计划新建多少个5G基站？")
    assert chat.locator(".answer .figure-value").first.inner_text() == "1200个"
    assert refused == []
    context.close()


def test_an_english_widget_for_english_visitors(browser: Any, host_site: str, screenshots: Path) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    page.goto(host_site.replace("index.html", "english.html"))
    launcher = page.locator("tongliao-qa-widget .launcher")
    launcher.wait_for()
    assert launcher.inner_text().strip() == "Ask the report"
    launcher.click()
    chat = page.frame_locator("tongliao-qa-widget iframe")
    assert chat.locator("html").get_attribute("lang") == "en"
    chat.locator(".starter", has_text="5G base stations").click()
    answer = chat.locator(".message.assistant .answer").last
    answer.wait_for()
    assert answer.locator(".figure-value").first.inner_text() == "1200个"  # figures stay as printed
    assert answer.locator(".year-label").first.inner_text() == "2024 target"
    assert answer.locator(".answer-text").inner_text().startswith("1,200 (1200个, 2024 target)")  # English units first
    assert chat.locator(".feedback-prompt").last.inner_text() == "Was this answer right?"
    answer.locator(".citation-toggle").first.click()
    assert "paragraph" in answer.locator(".citation-where").first.inner_text()
    page.screenshot(path=str(screenshots / "widget-english.png"))
    context.close()


@pytest.mark.parametrize(("question", "kind", "shown"), [
    ("今年要办哪些节会？", "list", ["西辽河文化节", "科尔沁运动大会", "“8·18”哲里木赛马节"]),
    ("双子星是和哪个城市？", "name", ["赤峰"]),
    ("今年冬天供暖有什么打算？", "measures", ["大力实施“温暖工程”"]),
    ("去年主要干成了哪些事？", "overview", ["转型升级步伐加快 发展动能持续增强"]),
    ("“亮晒比评”是什么意思？", "definition", ["亮出诚信、晒出精气神、比出干劲儿、评出实绩"]),
    ("为什么要治理欠薪？", "purpose", ["让广大农民工没有后顾之忧"]),
])
def test_the_widget_shows_each_kind_of_answer_as_its_parts(host_page: Any, screenshots: Path, question: str,
                                                           kind: str, shown: list[str]) -> None:
    chat = _open_and_ask(host_page, question)
    answer = chat.locator(f".message.assistant .answer.kind-{kind}").last
    answer.wait_for()
    items = answer.locator(".item-text").all_inner_texts()
    assert all(any(s in item for item in items) for s in shown), items
    answer.locator(".citation-toggle").first.click()
    marked = answer.locator(".citation-body mark").all_inner_texts()
    assert any(any(s in m for m in marked) for s in shown), marked  # the server's offsets, marked in the quote
    host_page.screenshot(path=str(screenshots / f"widget-{kind}.png"))


def test_the_widget_shows_yes_and_a_computed_comparison(host_page: Any, screenshots: Path) -> None:
    chat = _open_and_ask(host_page, "今年要建千兆城市吗？")
    answer = chat.locator(".message.assistant .answer.kind-yesno").last
    answer.wait_for()
    assert answer.locator(".verdict").inner_text() == "是"
    chat = _open_and_ask(host_page, "5G基站今年比去年少建多少？")
    answer = chat.locator(".message.assistant .answer.kind-comparison").last
    answer.wait_for()
    assert answer.locator(".figure-value").all_inner_texts() == ["2751个", "1200个"]
    computed = answer.locator(".computed").inner_text()
    assert "2751 − 1200 = 1551" in computed and "非报告原文" in computed
    host_page.screenshot(path=str(screenshots / "widget-comparison.png"))
