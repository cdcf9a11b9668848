"""What no work report answers, whatever its topic: years it does not cover, how to apply for or handle things
(procedures), where exactly something is (addresses), and who holds an office. A question of these kinds gets a refusal that names what is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.answering.question import Question
from app.retrieval.text import normalize

OTHER_YEAR, PROCEDURE, OFFICIAL, ADDRESS = "other_year", "procedure", "official", "address"

_PROCEDURE = re.compile(
    r"(?:怎么|如何|咋|怎样|去哪|到哪|在哪(?:里|儿)?|哪里|哪儿|找谁)(?:才能|可以|能)?(?:申请|办理|报名|登记|预约|缴|交|领|办|投诉|举报|"
    r"咨询|查询|申报|参保|落户|开具|补办)|(?:申请|办理|报名|登记)(?:条件|流程|手续|材料|地址|电话|入口|渠道|时间)|"
    r"需要(?:什么|哪些|带)(?:材料|证件|手续)|(?:带|准备|提交|出示)(?:什么|啥|哪些)(?:材料|证件|手续|证明)|(?:什么|啥|哪些)证件|"
    r"(?:电话|热线号码|网址|地址)是(?:多少|什么)|"
    r"\bhow (?:do|can|should|would) i\b|\bwhere (?:do|can|should) i\b|\bapply for\b|\bapplication (?:process|form)\b|"
    r"\bsign up\b|\bregister (?:for|a)\b|\bphone number\b|\bwhat documents\b"
)
_OFFICIAL = re.compile(
    r"(?:市长|副市长|书记|局长|主任|厅长|县长|旗长|区长|领导|负责人|官员|发言人|作报告的人|主管|分管|一把手)(?:是谁|叫什么|叫啥|姓什么|名字|是哪位)|"
    r"(?:谁|哪位(?:领导|市领导)?)(?:是|当|任|担任|负责|分管|作|做)?(?:的)?(?:市长|副市长|书记|局长|领导|负责人|报告)|哪位(?:领导|市领导)|"
    r"\bwho (?:is|was|heads|leads|runs|delivered|gave|presented)\b|\bmayor\b|\bparty secretary\b|\bname of the (?:head|director|official)"
)
_ADDRESS = re.compile(r"地址|坐落|具体位置|哪个位置|什么位置|门牌|哪条街|怎么走|怎么去|乘车路线|"
                      r"\baddress\b|\bexact location\b|\bhow (?:do i|to) get to\b|\bdirections to\b")
# "比前年涨了多少" asks 2023's growth over the year before: a figure the report gives, not a year it lacks.
_RELATIVE_OTHER = re.compile(r"明年|后年|(?<![比较跟与和同])前年(?!相比|同期)|下一年|\bnext year\b|\bthe year before last\b")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.]|\s*(?:个|万|亿|元|亩|人|户|家|套|项|处|座|所|吨|头|斤|公里|千瓦|%|多|余))")


@dataclass(frozen=True)
class Gap:
    """What the report cannot answer about a question, and (for other years) which years it does cover."""

    missing: str
    asked_years: tuple[int, ...] = ()


def out_of_scope(question: Question, covered_years: tuple[int, ...]) -> Gap | None:
    """The gap that keeps any report of this kind from answering the question, or None."""
    text = normalize(question.text)
    if _OFFICIAL.search(text):
        return Gap(OFFICIAL)
    if _PROCEDURE.search(text):
        return Gap(PROCEDURE)
    if _ADDRESS.search(text):
        return Gap(ADDRESS)
    asked = tuple(int(y) for y in _YEAR.findall(text))
    others = tuple(y for y in asked if y not in covered_years)
    if others:
        return Gap(OTHER_YEAR, others)
    if _RELATIVE_OTHER.search(text):
        return Gap(OTHER_YEAR)
    return None

