"""Follow-up questions: a message that leaves out its metric or year inherits them from the conversation."""

from __future__ import annotations

import re
from typing import Protocol

from app.answering.intent import COMPARISON, FIGURE, asks_for_a_number, question_want
from app.answering.question import PLAN_YEAR, RESULT_YEAR, Question, analyze, content_text
from app.answering.scope import out_of_scope
from app.retrieval.text import normalize
from app.storage.conversations import Turn

COVERED = (RESULT_YEAR, PLAN_YEAR)
# Words that ask about time or kind, or point back, without naming a metric.
_NON_METRIC_ZH = re.compile(
    r"那么|那|还有|另外|又|呢|吗|吧|啊|它的?|其|这个|那个|这项|该项|上面|同样|的|了|是|要|有|呀|"
    r"增长|增速|增幅|涨|提高|降低|下降|比例|占比|比重|目标|计划|预期|任务|实绩|完成|情况|数字|数据|多少|几|"
    r"同比|年|呢|"
    # pointing back ("在这方面", "这件事上") and the language of hoping and arranging, not a metric
    r"在?(?:这|那|该)(?:方面|件事|事|块|一块|一项)上?|此事|希望|做到|安排|打算|要求|准备|争取|想要|达到|水平"
)
_NON_METRIC_EN = re.compile(
    r"\b(?:and|what|about|how|the|that|it|its|this|year|last|next|same|for|in|of|is|was|were|will|be|growth|grow|"
    r"grew|rate|target|plan|planned|goal|then|so|ok|please|figure|number|one|share|percentage|result|about|did|"
    r"does|do|by|much|many|there|a|an|built|build|added|add|were|are|to|new|s|requirement|requirements|aim|"
    r"objective|expected|expect|fast|quickly|level|size|that's|what's)\b"
)


# Words that stand in for each other in an elliptical follow-up ("城镇居民收入增长多少" → "农村的呢？").
CONTRASTS: tuple[tuple[str, ...], ...] = (
    ("城镇", "农村", "城市", "乡村"), ("高新技术企业", "科技型中小企业"), ("养老", "医疗"), ("存栏", "育肥", "屠宰"),
    ("urban", "rural"),
)
_ELLIPTICAL = re.compile(
    r"^(?:那么?|还有)?(?P<word>[\u4e00-\u9fff]{1,6}?)(?:的)?呢[？?]?$"
    r"|^(?:and |what about |how about )(?:the )?(?P<en>[a-z]+)\??$"
)


def own_metric(question: Question) -> str:
    """The words of a question that name what is measured (empty for "那今年呢？" or "And the growth?")."""
    text = normalize(question.text) if question.language == "en" else content_text(question)
    text = _NON_METRIC_EN.sub(" ", _NON_METRIC_ZH.sub(" ", re.sub(r"\d{4}", " ", text)))
    words = re.findall(r"[\u4e00-\u9fff]{2,}|[a-z0-9][a-z0-9'-]*[\u4e00-\u9fff]*", text)
    return " ".join(dict.fromkeys(words))


def _substituted(message: str, topic: str) -> str | None:
    """"农村的呢？" after a question about 城镇居民收入 → 农村居民收入; None when the message is not such a swap."""
    m = _ELLIPTICAL.match(normalize(message).strip())
    word = m and (m.group("word") or m.group("en"))
    if not word:
        return None
    for group in CONTRASTS:
        if word in group:
            for other in group:
                if other != word and other in topic:
                    return topic.replace(other, word)
    return None


def _chinese(topic: str, year: int, question: Question) -> str:
    asks_target = year == PLAN_YEAR and bool(re.search(r"目标|计划|打算|力争", question.text))
    if "rate" in question.kinds:
        tail = "增长了多少" if year == RESULT_YEAR else "增长目标是多少"
    elif "share" in question.kinds:
        tail = "的比例是多少"
    elif "ordinal" in question.kinds:
        tail = "是第几"
    else:
        tail = "的目标是多少" if asks_target else "是多少"
    return f"{year}年{topic.replace(' ', '')}{tail}？"


def _english(topic: str, year: int, question: Question) -> str:
    if "rate" in question.kinds:
        if year == RESULT_YEAR:
            return f"How much did {topic} grow in {year}?"
        return f"What is the {topic} growth target for {year}?"
    if "share" in question.kinds:
        return f"What share was {topic} in {year}?"
    return f"What was {topic} in {year}?" if year == RESULT_YEAR else f"What is the {year} target for {topic}?"


_YEAR_WORDS = re.compile(r"(?:19|20)\d\d年|今年|去年|本年|上年|\b(?:in|for) (?:19|20)\d\d\b|\b(?:this|last) year\b")


def _same_question_in(previous: Question, year: int) -> str:
    """The previous question asked about another year ("今年供暖有什么打算" → "2023年供暖有什么打算")."""
    said = f"in {year}" if previous.language == "en" else f"{year}年"
    if _YEAR_WORDS.search(previous.text):
        return _YEAR_WORDS.sub(said, previous.text, count=1)
    return f"{previous.text.rstrip('?？ ')} {said}?" if previous.language == "en" else f"{said}{previous.text}"


class Report(Protocol):
    """What resolving needs to know of the report."""

    def topic_words(self, question: Question) -> list[str]:
        """The words of the question that name a topic of the report (粮食, 贷款, base stations), not the language
        of asking and planning (力争, 达到, requirement)."""
        ...

    def names_an_outside_topic(self, question: Question) -> bool:
        """The question names something the report does not contain (地铁, 小麦, hospitals)."""
        ...

    def answers(self, reading: str) -> bool:
        """The report answers this reading of a message."""
        ...

    def counterpart(self, earlier: str, year: int) -> str | None:
        """The words `year`'s figure uses for the metric whose figure answered `earlier`, or None."""
        ...


def resolve(message: str, history: list[Turn], report: Report | None = None) -> str:
    """The standalone question `message` stands for, given the earlier turns (newest last). A message with words of
    its own is read with the earlier turn's topic when it names no topic of the report ("今年力争达到多少？") and the
    report answers that reading; on its own when it names a topic and the report answers it so; else the other way.
    """
    question = analyze(message)
    if not history:
        return message
    want = question_want(message, len(question.years))
    if out_of_scope(question, COVERED) is not None:
        return message  # "通辽市长是谁": a question of its own, whatever came before
    previous = analyze(history[-1].resolved)
    if want not in (FIGURE, COMPARISON) and own_metric(question):
        return _in_context(message, question, previous, report)
    if question_want(previous.text, len(previous.years)) not in (FIGURE, COMPARISON):
        # After "今年冬天供暖有什么打算？", "去年呢？" asks the same of the other year ("去年交了多少套？" does not).
        if question.year and not own_metric(question) and not asks_for_a_number(message):
            return _same_question_in(previous, question.year)
        return _in_context(message, question, previous, report)
    topic = own_metric(previous)
    swapped = _substituted(message, topic) if topic else None
    if swapped:
        topic = swapped
    elif own_metric(question) or not topic:
        return _in_context(message, question, previous, report)
    if want == COMPARISON:  # "比去年多多少？": the same comparison, of the earlier topic's own words
        compared = " ".join(report.topic_words(previous)) if report else ""  # "贷款余额突破", not its "力争达到"
        compared = compared or topic
        if question.language == "en":
            return f"{message.rstrip('?？ ')} ({compared})?"
        return compared.replace(" ", "") + message
    year = question.year or previous.year or RESULT_YEAR
    if not question.kinds:  # "那今年呢？" asks the same kind of figure as before
        question.kinds = previous.kinds
    build = _english if question.language == "en" else _chinese
    reading = build(topic, year, question)
    if report is None or year == previous.year or report.answers(reading):
        return reading
    # The other year may word the metric otherwise: follow the earlier answer's figure to its counterpart.
    counterpart = report.counterpart(history[-1].resolved, year)
    if counterpart and question.language == "zh":  # an English reading keeps English words
        other = build(counterpart, year, question)
        return other if report.answers(other) else reading
    return reading


def _in_context(message: str, question: Question, previous: Question, report: Report | None) -> str:
    """A message whose own words name no topic ("今年希望做到多少？", "What's the goal for this year?") read with
    the previous question's topic, when the report answers that reading; any other message as it is: a topic of its
    own, in the report or not, is never answered with another's."""
    if report is None or report.topic_words(question) or report.names_an_outside_topic(question):
        return message
    topic = report.topic_words(previous)  # only topic words: the earlier turn's own phrasing does not snowball
    if not topic:
        return message
    if question.language == "en":
        reading = f"{message.rstrip('?？ ')} ({' '.join(topic)})?"
    else:
        # The year the message names, else the one the earlier turn was about: "今年希望做到多少" keeps its 今年.
        year = "" if question.year else (f"{previous.year}年" if previous.year else "")
        reading = f"{year}{''.join(topic)}{message}"
    return reading if report.answers(reading) else message
