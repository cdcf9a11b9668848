"""Every figure in a clause becomes a fact: the value as printed, its kind, its metric phrase and its year."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from app.corpus.chunking import Chunk, sentence_id

# Bump whenever extraction changes: the index manifest records it.
FACTS_VERSION = "8"

_CN_DIGITS = "一二三四五六七八九十两百千万"
_UNITS = (
    "个百分点|万平方米|平方米|万千瓦|千瓦|亿元|万元|元|亿斤|万斤|斤|万亩|亩|万头|头|万吨|吨|公里|万人次|人次|万人|人|"
    "万户|户|个|家|套|场|项|处|座|所|枚|倍|年|次|届|名|条|周年|分钟|%"
)
_ARABIC = re.compile(
    rf"(?P<pre>突破|超过|超|近|约)?(?P<num>\d+(?:\.\d+)?)(?P<approx>余|多)?(?P<mult>万|亿)?"
    rf"(?P<unit>{_UNITS})(?P<post>以上|左右|以内)?"
)
# A count in Chinese numerals, from two up ("一批", "一个" mean "a"): "九大行动", "六市一体化", "十方面民生实事",
# "三年行动" (a duration only before a plan's noun). Not the party congress's name ("党的二十大").
_CN_COUNT = (r"(?<![一二三四五六七八九十两百千万第])(?<!党的)[二三四五六七八九十两]{1,3}"
             r"(?:方面|大|市|项|个|件|条|类|种|年(?=行动|攻坚|计划|规划|专项))")
_CHINESE = re.compile(
    rf"(?P<ordinal>第[{_CN_DIGITS}\d]+(?:次|届|批|名|个))|(?P<streak>[{_CN_DIGITS}]+连[丰冠胜])"
    rf"|(?P<cncount>{_CN_COUNT})|(?P<first>首届)|(?P<big>千万千瓦|百亿)"
)
# Words between a figure and its metric that say nothing about the metric itself.
_VERBS = re.compile(r"^(?:、|和|及|并|且|分别|均|各|同比|按可比口径|力争|确保|实现|完成|达到|达|突破|增长|提高|降低|再提高|保持在)+")
_THIN = re.compile(r"^[、和及并且,，]*(?:分别|均|各|同比|按可比口径)?(?:增长|提高|降低|下降|再提高|增加|、)*$")
_RESPECTIVELY = re.compile(r"^(?P<subjects>.+?)(?:分别)(?P<verb>[^\d]*)$")

RATE_VERBS = ("增长", "提高", "降低", "下降", "增加", "增速", "再提高")
SHARE_WORDS = ("比例", "占比", "参保率", "比重", "覆盖", "率")


@dataclass(frozen=True)
class Fact:
    """One figure of the report, with what it measures."""

    fact_id: str
    doc_id: str
    clause_id: str
    sentence_id: str
    paragraph: int
    part: str
    year: int
    section: str
    lead: str
    printed: str  # the figure exactly as printed, with its qualifiers ("突破190亿斤", "510个以上")
    value: str  # number and unit as printed, without qualifiers ("190亿斤")
    number: float | None
    unit: str
    kind: str  # amount | rate | share | count | measure | ordinal
    metric: str  # the words that say what the figure measures
    context: str  # the clause around the figure, bounded by its neighbouring figures
    start: int
    end: int

    def to_dict(self) -> dict:
        """Plain dict for the fact table."""
        return asdict(self)


@dataclass
class _Hit:
    start: int  # offsets inside the clause
    end: int
    printed: str
    value: str
    number: float | None
    unit: str


def _arabic_hits(text: str) -> list[_Hit]:
    hits = []
    for m in _ARABIC.finditer(text):
        if m.start() and text[m.start() - 1] == "第":
            continue  # an ordinal ("第8次"), read by the Chinese-numeral pattern
        if m.group("unit") == "年" and not m.group("mult") and len(m.group("num")) == 4:
            continue  # a year ("2023年"), not a figure
        number = float(m.group("num")) * {"万": 1e4, "亿": 1e8, None: 1}[m.group("mult")]
        unit = (m.group("mult") or "") + m.group("unit")
        value_start = m.start("num")
        value = text[value_start : m.end("unit")]
        hits.append(_Hit(m.start(), m.end(), m.group(0), value, number, unit))
    return hits


def _chinese_hits(text: str, taken: list[_Hit]) -> list[_Hit]:
    hits = []
    for m in _CHINESE.finditer(text):
        if any(h.start < m.end() and m.start() < h.end for h in taken):
            continue
        hits.append(_Hit(m.start(), m.end(), m.group(0), m.group(0), None, m.lastgroup or ""))
    return hits


def _kind(hit: _Hit, before: str) -> str:
    if hit.unit in ("ordinal", "streak", "first"):
        return "ordinal"
    if hit.unit in ("个百分点", "倍"):
        return "rate"
    if hit.unit == "%":
        # "增长5.2%" / "分别增长85%、46.5%" are growth; "比例达92.4%" / "提高到30%" are levels.
        verb = re.sub(r"[、和,，\s]|分别|均|同比|按可比口径", "", before)
        return "rate" if verb.endswith(RATE_VERBS) else "share"
    if hit.unit.endswith("元"):
        return "amount"
    if hit.unit in ("个", "家", "户", "万户", "套", "场", "项", "处", "座", "所", "枚", "名", "条", "cncount"):
        return "count"
    return "measure"


def _strip_verbs(phrase: str) -> str:
    return _VERBS.sub("", phrase.strip(" 、,，")).strip()


def urban_and_rural(phrase: str) -> list[str]:
    """"城乡X" names two figures the report states apart, 城镇X and 农村X; any other phrase is one."""
    return [phrase.replace("城乡", town, 1) for town in ("城镇", "农村")] if "城乡" in phrase else [phrase]


def _respectively(subjects: str) -> list[str]:
    """Split "A、B" / "A和B" / "城乡X" into the listed metrics, in order."""
    if subjects.startswith("城乡"):
        return urban_and_rural(subjects)
    parts = [p for p in re.split(r"[、和及]", subjects) if p]
    last = parts[-1] if parts else ""
    # A head noun written once is shared: "基本养老、基本医疗保险参保率" → 基本养老保险参保率; "育肥和屠宰规模" → 育肥规模.
    # Only for parallel modifiers (same first character, or a two-character one) that lack a head of their own.
    return [p + last[len(p):] if len(last) > len(p) and p[-1] != last[-1] and (p[0] == last[0] or len(p) == 2)
            else p for p in parts]


def extract_facts(clauses: list[Chunk]) -> list[Fact]:
    """Facts from clause chunks; a sentence's clauses are read in order so thin metrics borrow their subject."""
    facts: list[Fact] = []
    by_sentence: dict[str, list[Chunk]] = {}
    for clause in clauses:
        by_sentence.setdefault(sentence_id(clause.chunk_id), []).append(clause)
    for sentence, sentence_clauses in by_sentence.items():
        facts.extend(_sentence_facts(sentence, sentence_clauses))
    return facts


def _sentence_facts(sentence_id: str, clauses: list[Chunk]) -> list[Fact]:
    facts: list[Fact] = []
    previous_metric = ""
    for clause in clauses:
        text = clause.text
        arabic = _arabic_hits(text)
        hits = sorted(arabic + _chinese_hits(text, arabic), key=lambda h: h.start)
        # "A、B分别达到X和Y": the clause's listed subjects map onto its figures in order.
        listed: list[str] = []
        if hits:
            m = _RESPECTIVELY.match(text[: hits[0].start])
            if m and len(hits) > 1:
                listed = _respectively(_strip_verbs(m.group("subjects")))
        for i, hit in enumerate(hits):
            left = hits[i - 1].end if i else 0
            right = hits[i + 1].start if i + 1 < len(hits) else len(text)
            before = text[left : hit.start]
            metric = _strip_verbs(before)
            if listed:
                metric = listed[i] if i < len(listed) else listed[-1]
                subject_phrase = text[: hits[0].start]
                metric += _verb_of(subject_phrase)
            tail = text[hit.end : right]
            thin = bool(_THIN.match(before.strip())) or len(metric) < 2
            kind = _kind(hit, before if not listed else _verb_of(text[: hits[0].start]))
            if thin and kind != "rate" and len(tail.strip("的、,，。;；")) >= 2:
                # "71个“半拉子”工程全部盘活": the noun follows the figure.
                metric = (metric + tail).strip("的、,，。;；")
            elif thin and not listed:
                metric = f"{previous_metric}{before.strip(' 、,，')}" if previous_metric else metric
            # A noun right after the figure ("17个投资超50亿元项目") belongs to it, up to the clause end; a tail
            # that opens with punctuation ("104个、棚户区") is the next figure's metric, not this one's.
            follows = text[hit.end :] if tail[:1] not in "、,，;；。和及" else ""
            context = text if listed else before + hit.printed + follows
            facts.append(
                Fact(
                    fact_id=f"{clause.chunk_id}#{i + 1}", doc_id=clause.doc_id, clause_id=clause.chunk_id,
                    sentence_id=sentence_id, paragraph=clause.paragraph, part=clause.part,
                    year=_explicit_year(text) or clause.year, section=clause.section, lead=clause.lead,
                    printed=hit.printed, value=hit.value, number=hit.number, unit=hit.unit,
                    kind=kind, metric=metric, context=context,
                    start=clause.start + hit.start, end=clause.start + hit.end,
                )
            )
            if not thin and not listed:
                previous_metric = base_metric(metric)
        if not hits and len(text) > 2:
            previous_metric = base_metric(_strip_verbs(text.rstrip("。;；,，")))
    return facts


def _verb_of(subject_phrase: str) -> str:
    m = re.search(r"分别(.*)$", subject_phrase)
    return m.group(1) if m else ""


def base_metric(metric: str) -> str:
    """The subject part of a metric phrase: what remains without its trailing verb ("粮食总产达到" → 粮食总产)."""
    return re.sub(r"(?:完成|达到|达|增长|提高|突破|实现)+$", "", metric)


def _explicit_year(text: str) -> int | None:
    m = re.match(r"^(\d{4})年[,，]", text)
    return int(m.group(1)) if m else None
