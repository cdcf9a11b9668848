"""Question analysis: language, the year asked about, the kind of figure asked for, and sub-questions."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app.answering.intent import asking_text
from app.answering.lexicon import CHINESE, ENGLISH
from app.corpus.facts import urban_and_rural
from app.lexical.english import EnglishBridge
from app.retrieval.text import normalize

RESULT_YEAR, PLAN_YEAR = 2023, 2024

_PAST = re.compile(
    r"去年|上年|上一年|2023|二〇二三|二零二三|过去一年|last year|in 2023|previous year|did |were |was |achieved|grew|"
    r"已经|已|实绩|完成了|建了|建成了|做了|达到了|增长了|增加了|涨了|多了|新增了|实现了|有多少了"
)
_FUTURE = re.compile(
    r"今年|2024|二〇二四|二零二四|本年|this year|in 2024|plan|target|goal|aim|will |expect|intend|"
    r"计划|目标|力争|打算|准备|预计|将要|要建|要新建|要完成|要实现|要达到|要引进|要培育|要新增|争取|安排|任务|预期|确保"
)
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "ordinal": ("第几", "几连", "多少连", "几届", "哪一届", "第多少", "几次荣获", "what number", "which edition",
                "how many times", "ordinal", "consecutive", "in a row"),
    "rate": ("增长", "增速", "增幅", "涨", "提高", "降低", "下降", "减少", "增加了?百分之", "增加了多少个百分点", "多了多少",
             "growth", "grow", "grew", "increase", "rise", "rose", "decline", "drop", "fall", "fell", "how fast",
             "faster", "by how much", "by what percent", "百分点"),
    "share": ("比例", "占比", "比重", "参保率", "覆盖率", "百分之几", "百分之多少", "百分比", "多少%", "percentage", "proportion",
              "share", "coverage", "ratio", "what percent of"),
    # Only interrogative wording: metric nouns ("总额", "产值") name what is measured, not the kind of answer.
    # 多少亿 is money unless a unit of quantity follows (多少亿斤 asks for grain, not yuan).
    "amount": ("多少钱", "金额", "多少亿(?!斤|吨|亩|头|人|户|千瓦|度|立方|平方)", "多少元", "多少万元", "值多少", "赚了多少", "how much money", "worth",
               "yuan", "amount of money"),
    "count": ("几个", "几大", "多少个", "多少家", "多少户", "多少套", "多少场", "多少项", "多少处", "多少座", "多少所", "几家", "几户",
              "几所", "几项", "几处", "几座", "how many", "number of"),
    "measure": ("多少亩", "多大面积", "多少公里", "多长", "多少斤", "多少吨", "多少头", "多少人", "多少千瓦", "多少平方米",
                "多少枚", "多少万", "how many (?:mu|km|kilometers|tons|head|people)", "area", "length", "how long"),
}
# English words start at a word boundary ("rise" is not in "enterprises"); Chinese has none to look for.
_KIND_PATTERNS = [
    (kind, re.compile("|".join(rf"\b{w}" if w.isascii() else w for w in words))) for kind, words in _KIND_WORDS.items()
]
_UNITS = re.compile(r"(?:多少|几)(大|个百分点|万?平方米|万?千瓦|亿?元|亿?斤|万?亩|万?头|万?吨|公里|万?人次|万?人|万?户|个|家|套|场|项|处|座|所|枚|倍|次|届|年|分钟)")
_ENGLISH_UNITS = {
    "mu": "亩", "kilometer": "公里", "kilometre": "公里", "km": "公里", "yuan": "元", "jin": "斤", "head": "头",
    "people": "人", "households": "户", "homes": "户", "tons": "吨", "kilowatt": "千瓦", "square meter": "平方米",
    "percentage point": "个百分点", "times": "倍",
}
# Words that carry no metric: question words, time words, the city, politeness.
_FILLER_ZH = re.compile(
    r"请问|你好|一下|告诉我|我想知道|想问|通辽市?|全市|市里|我们|咱们|是多少|有多少|多少|是什么|什么|哪些|几个|几|吗|呢|啊|呀|吧|"
    r"去年|今年|上年|本年|明年|计划|目标|力争|打算|准备|预计|争取|安排|\d{4}年?|年度|报告|政府工作|情况|大概|大约|左右"
)
_FILLER_EN = re.compile(
    r"\b(?:what|how|much|many|was|were|is|are|did|does|the|of|in|to|for|and|a|an|city|tongliao|last|this|year|plan|"
    r"planned|target|goal|s|by|it|its|do|will|be|there|number|fast|grow|growth|rate)\b"
)
_COMPOUND_SPLIT = re.compile(r"和|与|及|以及|、|跟|同|and|&")
_COMPOUND_CUE = re.compile(r"各|分别|各自|都是|both|each|respectively")


# Metric nouns that imply the kind of figure when the wording asks for none ("到位资金是多少" → an amount in 元).
_IMPLIED_KINDS: dict[str, tuple[str, ...]] = {
    "amount": ("资金", "金额", "总额", "产值", "价值", "利润", "收入", "贷款", "余额", "投资额", "融资", "funds",
               "funding", "revenue", "profit", "value", "sales", "loans"),
}


@dataclass
class Question:
    """What a question asks, as far as answering needs to know."""

    text: str
    language: str  # zh | en
    years: list[int]  # asked years, in order; empty when the question names none
    kinds: list[str]  # kinds of figure the wording asks for, most specific first
    unit: str | None
    expanded: str  # the question plus the report's words for its terms
    implied_kinds: list[str] = field(default_factory=list)  # a soft preference, used only when `kinds` is empty
    sub_questions: list[Question] = field(default_factory=list)
    bridged: list[tuple[str, str]] = field(default_factory=list)  # (English phrase, report word) from CC-CEDICT

    def with_year(self, year: int) -> Question:
        """The same question, asked about one year."""
        return Question(self.text, self.language, [year], self.kinds, self.unit, self.expanded,
                        implied_kinds=self.implied_kinds, bridged=self.bridged)

    @property
    def year(self) -> int | None:
        """The single year asked, or None when none or both are asked."""
        return self.years[0] if len(self.years) == 1 else None


def _language(text: str) -> str:
    latin = sum(c.isascii() and c.isalpha() for c in text)
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in text)
    return "en" if latin > 2 * cjk else "zh"


def _longest_first(table: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(table.items(), key=lambda kv: -len(kv[0]))


# Sorted once: the lookup runs several times per question.
_LEXICON_BY_LANGUAGE = {
    "en": [_longest_first(ENGLISH)],
    "zh": [_longest_first(CHINESE), _longest_first({k: v for k, v in ENGLISH.items() if len(k) <= 3})],
}


def glossary_hits(text: str, language: str) -> list[tuple[str, str]]:
    """(word in the question, report term) for every glossary entry the text uses, longest first."""
    return list(_glossary_hits(text, language))


@functools.lru_cache(maxsize=4096)
def _glossary_hits(text: str, language: str) -> list[tuple[str, str]]:
    """(word in the question, report term) for every lexicon entry the question uses, longest first (cached: the
    lookup runs several times per question). Callers must not change the list."""
    low = normalize(text)
    hits: list[tuple[str, str]] = []
    taken: list[tuple[int, int]] = []  # spans of the question already read as a longer entry
    for table in _LEXICON_BY_LANGUAGE[language]:
        for key, term in table:
            span = _span(low, key)
            if span is None:
                continue
            overlaps = any(span[0] < end and start < span[1] for start, end in taken)
            inside = any(start <= span[0] and span[1] <= end for start, end in taken)
            if overlaps and not inside:
                continue  # straddles a longer entry already read: "online retail" + "retail sales"
            taken.append(span)
            hits.append((key, term))
    return hits


def _expand(text: str, language: str) -> str:
    terms = [term for _, term in _glossary_hits(text, language)]
    return " ".join([text, *dict.fromkeys(terms)])


def _english_key(key: str) -> str:
    # Longer words also match their inflections ("maintain" → "maintained", "road" → "roads").
    suffix = r"(?:s|es|ed|d|ing|ance|ances)?" if len(key) >= 4 else r"s?"
    return rf"(?<![a-z]){re.escape(key)}{suffix}(?![a-z])"


@functools.cache
def _english_pattern(key: str) -> re.Pattern[str]:
    return re.compile(_english_key(key))


def _contains(text: str, key: str) -> bool:
    return _span(text, key) is not None


def _span(text: str, key: str) -> tuple[int, int] | None:
    """Where the first occurrence of a lexicon key stands in the (normalised) text."""
    if key.isascii():
        found = _english_pattern(key).search(text) if key[:3] in text else None
        return found.span() if found else None
    at = text.find(key)
    return (at, at + len(key)) if at >= 0 else None


# "比去年多出多少" with no other time word compares this year's figure with last year's; "比上年增长多少" is a growth
# rate of one year and stays one.
_THAN_LAST_YEAR = re.compile(
    r"比(?:去年|上年|上一年)(?!同期)(?:(?!增长|增速|增幅|提高|下降|降低|增加)[^，,。？?]){0,12}?(?:多|少|高|低|差)"
)


def _years(text: str) -> list[int]:
    low = normalize(text)
    than_last_year = _THAN_LAST_YEAR.search(low)
    if than_last_year and not _PAST.search(low[: than_last_year.start()] + " " + low[than_last_year.end():]) \
            and not _FUTURE.search(low):
        return [PLAN_YEAR, RESULT_YEAR]
    found = []
    for year, pattern in ((RESULT_YEAR, _PAST), (PLAN_YEAR, _FUTURE)):
        m = pattern.search(low)
        if m:
            found.append((m.start(), year))
    strong_past = re.search(r"去年|上年|2023|last year|in 2023", low)
    strong_future = re.search(r"今年|2024|this year|in 2024|计划|力争|plan", low)
    if len(found) == 2 and not (strong_past and strong_future):
        # One strong time word beats a weak tense cue ("今年计划建了多少" is the plan).
        return [RESULT_YEAR] if strong_past else [PLAN_YEAR] if strong_future else [RESULT_YEAR]
    return [year for _, year in sorted(found)]


def _kinds(text: str) -> list[str]:
    low = asking_text(text)
    kinds = [kind for kind, pattern in _KIND_PATTERNS if pattern.search(low)]
    # "第几次" or "几连冠" asks for the ordinal even though it also reads as "how many".
    if "ordinal" in kinds:
        return ["ordinal"]
    # "创了多少年来…" asks for years even when "增速" names the topic: an asked unit decides the kind.
    unit = _unit(text)
    if unit and unit not in ("个百分点", "倍"):
        kinds = [k for k in kinds if k not in ("rate", "share")] or ["count", "measure"]
    return kinds


def _unit(text: str) -> str | None:
    low = asking_text(text)  # "projects worth over 5 billion yuan" asks no yuan
    m = _UNITS.search(low)
    if m:
        return m.group(1).lstrip("万亿") or m.group(1)
    for word, unit in _ENGLISH_UNITS.items():
        if re.search(rf"\b{word}s?\b", low):
            return unit
    return None


def content_text(question: Question, known: Callable[[str], bool] = lambda _: False) -> str:
    """The question's metric words, without question words, time words and the city. Lexicon words the report
    itself does not use (`known` says which it does) are replaced by the report's terms."""
    text = normalize(question.text)
    for key, report_term in _glossary_hits(question.text, question.language) + question.bridged:
        term = normalize(report_term)
        if (not key.isascii() and known(key)) or term in text:
            continue  # the report uses the question's own word (or the question already has the term)

        pattern = _english_key(key) if key.isascii() else re.escape(key)
        text = re.sub(pattern, " " + term + " ", text)
        if term not in text:  # a shorter key inside an already replaced longer one
            text += " " + term
    return _FILLER_EN.sub(" ", _FILLER_ZH.sub(" ", text))


def analyze(text: str, bridge: EnglishBridge | None = None) -> Question:
    """Read a question (and split a compound one into sub-questions); an English one is matched to the report's
    words through `bridge` where the glossary has no entry."""
    question = _analyze_single(text, bridge)
    question.sub_questions = _split(question, bridge)
    return question


def _implied_kinds(text: str) -> list[str]:
    low = normalize(text)
    return [kind for kind, nouns in _IMPLIED_KINDS.items() if any(n in low for n in nouns)]


def _analyze_single(text: str, bridge: EnglishBridge | None = None) -> Question:
    language = _language(text)
    question = Question(text, language, _years(text), _kinds(text), _unit(text), _expand(text, language))
    question.implied_kinds = _implied_kinds(text)
    if bridge is not None and language == "en":
        glossed = {key for key, _ in _glossary_hits(text, language)}
        question.bridged = [(phrase, term) for phrase, term in bridge.lookup(text)
                            if not any(phrase in key or key in phrase for key in glossed)]
        question.expanded = " ".join([question.expanded, *dict.fromkeys(t for _, t in question.bridged)])
    return question


def _split(question: Question, bridge: EnglishBridge | None = None) -> list[Question]:
    if len(question.years) == 2:
        return [question.with_year(year) for year in question.years]
    if not _COMPOUND_CUE.search(normalize(question.text)) and "城乡" not in question.text:
        return []  # "城乡X" names two figures the report states apart (城镇X, 农村X), asked or not with 各/分别
    metric_part = re.split(r"各|分别|各自|都是|是多少|多少|both|each|respectively", question.text, maxsplit=1)[0]
    items = [p.strip(" ，,？?") for p in _COMPOUND_SPLIT.split(metric_part) if p.strip(" ，,？?")]
    items = [part for item in items for part in urban_and_rural(item)]  # "城乡X各…" asks for two figures
    if len(items) < 2:
        return []
    rest = question.text.replace(metric_part, " ")
    subs = [_analyze_single(f"{item} {rest}", bridge) for item in items]
    for sub in subs:  # what the whole question says about time and kind holds for each part
        sub.years = sub.years or question.years
        sub.kinds = sub.kinds or question.kinds
        sub.unit = sub.unit or question.unit
    return subs

