"""What a question wants is read from its question words, one row per case."""

import pytest

from app.answering.intent import question_want
from app.answering.question import analyze

CASES = [
    ("通辽去年的地区生产总值是多少？", "figure"),
    ("去年的固投增速", "figure"),
    ("What was Tongliao's GDP in 2023?", "figure"),
    ("2023年全市GDP比上年增长了多少？", "figure"),  # growth over the year before: a rate, not a comparison
    ("2023年全市优良天数比例是多少？", "figure"),  # 比例 holds 比 but compares nothing
    ("今年冬天供暖有什么打算？", "measures"),
    ("What will the city do about air pollution?", "measures"),
    ("双子星是和哪个城市？", "name"),
    ("保交楼用的什么办法？", "name"),
    ("哲里木赛马节什么时候举办", "name"),
    ("今年要办哪些节会？", "list"),
    ("今年要建千兆城市吗？", "yesno"),
    ("Is Tongliao going to become a gigabit city this year?", "yesno"),
    ("什么是“五个大起底”？", "definition"),
    ("“亮晒比评”是什么意思？", "definition"),
    ("去年主要干成了哪些事？", "overview"),
    ("今年政府工作的主要任务是什么？", "overview"),
    ("为什么要治理欠薪？", "purpose"),
    ("5G基站今年比去年少建多少？", "comparison"),
    ("去年玉米千亩方比万亩片单产多打多少斤？", "comparison"),
    # English intent words frame a target as often as a purpose: with a figure asked, the figure is wanted.
    ("How many new jobs is the employment drive meant to create this year?", "figure"),
    ("What is the heating upgrade meant to achieve?", "purpose"),
    ("What total output did the grain farms reach last year?", "figure"),  # a noun of quantity after "what"
    ("Which session of the livestock fair is held this year?", "figure"),  # an ordinal, as printed (第十七届)
    ("Which cities does Tongliao cooperate with?", "list"),
    ("那几项清查行动分别查的是哪几类？", "list"),  # 那几 points at things, it asks no number
    ("去年粮食产量达到了什么水平？", "figure"),  # a magnitude asked
    ("How many projects worth more than 10 million yuan were signed in 2023?", "figure"),  # compares nothing
]


@pytest.mark.parametrize(("question", "want"), CASES, ids=[c[0] for c in CASES])
def test_the_question_words_decide_what_is_wanted(question: str, want: str) -> None:
    assert question_want(question, len(analyze(question).years)) == want


def test_an_amount_the_question_states_qualifies_what_is_counted() -> None:
    question = analyze("How many projects worth over 5 billion yuan will start construction this year?")
    assert question.kinds == ["count"] and question.unit is None


@pytest.mark.parametrize(("question", "want", "years"), [
    # "比去年多出多少" with no other time word compares this year's figure with last year's.
    ("贷款余额一共比去年多出多少？", "comparison", [2024, 2023]),
    # "比上年增长多少" is one year's growth rate, and a year named elsewhere keeps the question in that year.
    ("GDP比上年增长多少", "figure", [2023]),
    ("去年GDP比上年多多少", "figure", [2023]),
])
def test_than_last_year_compares_this_year_only_when_no_other_year_is_named(question: str, want: str,
                                                                           years: list[int]) -> None:
    analysed = analyze(question)
    assert (question_want(question, len(analysed.years)), analysed.years) == (want, years)
