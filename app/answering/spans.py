"""Finding the parts of a clause an answer is made of: quoted terms, the words a question leaves open, and the
items of an enumeration. All offsets are into the clause's text; callers add the clause's document offset."""

from __future__ import annotations

import re

from app.retrieval.text import bigrams, normalize

# Verbs and adverbs that open a clause of a work report before its object ("大力发展数字消费"): an answer's span
# or list item starts after them. One list, of general report wording, not of any topic.
LEADING_WORDS = (
    "坚决", "大力", "积极", "持续", "加快", "深入", "全面", "着力", "全力", "努力", "力争", "进一步", "高质量", "常态化", "扎实",
    "严格", "精准", "切实", "不断", "统筹", "一体", "稳步", "有效", "集中力量", "重点", "主导", "创新", "首次", "正式",
    "发展", "培育", "打造", "建设", "推进", "推动", "实施", "支持", "提升", "落实", "扩大", "深化", "开展", "强化", "加强",
    "完善", "组织", "促进", "拓展", "建立", "规划", "启动", "做活", "做优", "做好", "做大", "聚焦", "紧扣", "抓好", "抓住",
    "围绕", "坚持", "实现", "获批", "荣获", "荣膺", "入选", "新建", "改造", "举办", "办好", "引进", "设立", "出台", "推出",
    "贯彻", "学习运用", "运用", "践行", "提高", "提振", "优化", "恢复", "用足用好", "拓展", "鼓励", "发挥", "成立", "建成",
    "开复工", "加大", "探索", "推行", "构建", "巩固", "保持", "确保", "守住", "守护好", "成功", "主导制定", "制定", "健全",
    "应对", "防范", "打击", "整治", "解决", "以", "在", "对", "把", "将", "向", "与", "和", "及", "的",
)
_LEADING = re.compile("^(?:" + "|".join(sorted(map(re.escape, LEADING_WORDS), key=len, reverse=True)) + ")+")
_TRAILING = re.compile(r"(?:等(?:[^、,，。;；]*)|建设|建成|开工|投入运营|运营|全覆盖|取得积极进展)$")
_QUOTED = re.compile(r"“[^”]{1,30}”|《[^》]{1,40}》|\"[^\"]{1,30}\"|「[^」]{1,30}」")
# A term a question quotes (“两件大事”, 'main line', 《条例》), its quotes of any kind: group 1 is the term.
QUOTED_IN_QUESTION = re.compile(r"[“\"'‘「《]([^”\"'’」》]{2,20})[”\"'’」》]")
NUMBER_WORDS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
                "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_STATED = re.compile(r"([两二三四五六七八九十]|\d+)(?:个|大|项|类|种|方面)")
_PUNCTUATION = "，,、。;；:：“”《》()（）\"「」 "


def quoted_terms(text: str) -> list[tuple[int, int]]:
    """Offsets of every quoted term (“…”, 《…》) in `text`, quotes included."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def stated_count(text: str) -> tuple[str, int] | None:
    """A count the text announces ("三大", "五个", "6项"), as printed and as a number."""
    m = _STATED.search(text)
    if not m:
        return None
    word = m.group(1)
    return m.group(0), int(word) if word.isdigit() else NUMBER_WORDS[word]


def inner(text: str) -> str:
    """A quoted term without its quotes."""
    return text.strip("“”《》\"「」'‘’")


def strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of text[start:end] without leading report verbs/adverbs, trailing "等…" and punctuation."""
    while start < end and text[start] in _PUNCTUATION and text[start] not in "“《(（":
        start += 1
    lead = _LEADING.match(text, start, end)
    if lead and lead.end() < end - 1:
        start = lead.end()
    trail = _TRAILING.search(text[start:end])
    if trail and trail.start() >= 2:
        end = start + trail.start()
    while end > start and text[end - 1] in _PUNCTUATION and text[end - 1] not in "”》)）":
        end -= 1
    return start, end


def open_slot(clause: str, question: str, city: str = "") -> tuple[int, int] | None:
    """The words of the clause the question leaves open: a quoted term the question does not quote, else the
    longest run of the clause that shares no bigram with the question (the city's own name aside)."""
    asked, own_city = set(bigrams(question)), set(bigrams(city))
    asked_text = normalize(question)
    for quote_start, quote_end in quoted_terms(clause):
        if inner(clause[quote_start:quote_end]) not in asked_text:
            return quote_start, quote_end
    covered, in_question = [False] * len(clause), [False] * len(clause)
    for i in range(len(clause) - 1):
        pair = normalize(clause[i : i + 2])
        if pair in asked or pair in own_city:
            covered[i] = covered[i + 1] = True
        if pair in asked:
            in_question[i] = in_question[i + 1] = True
    runs: list[tuple[int, int, bool]] = []
    start: int | None = None
    for i, ch in enumerate([*clause, "，"]):
        free = i < len(clause) and not covered[i] and ch not in _PUNCTUATION
        if free and start is None:
            start = i
        elif not free and start is not None:
            runs.append(_with_head(clause, start, i, in_question))
            start = None
    runs = [(s, e, head) for s, e, head in runs if e - s >= 2 and not _LEADING.fullmatch(clause[s:e])]
    if not runs:
        return None
    asked_at = [i for i, flag in enumerate(in_question) if flag]

    def distance(run: tuple[int, int, bool]) -> int:
        return min((min(abs(i - run[0]), abs(i - (run[1] - 1))) for i in asked_at), default=0)

    # The asked head noun decides first; then the words nearest to what the question names, then the longer.
    start, end, _ = min(runs, key=lambda r: (not r[2], distance(r), -(r[1] - r[0])))
    return start, end


def _with_head(clause: str, start: int, end: int, in_question: list[bool]) -> tuple[int, int, bool]:
    """A free run extended by the asked head noun right after it ("嘎海山" + "水库" for "哪个水库"), keeping only
    the listed item next to that noun; the flag says whether a head was found."""
    head_end = end
    while head_end < len(clause) and head_end - end < 4 and in_question[head_end] and clause[head_end] not in _PUNCTUATION:
        head_end += 1
    if head_end - end < 2:
        return (*strip_edges(clause, start, end), False)
    last_join = max((m.end() for m in re.finditer(r"和|及|与|、", clause[start:end])), default=0)
    return (*strip_edges(clause, start + last_join, head_end), True)


def enumeration(clause: str) -> list[tuple[int, int]]:
    """The items of an enumeration in the clause ("数字消费、绿色消费、健康消费", "“枫桥经验”“浦江经验”"), each
    without the verb that opens the clause or the "等…" that closes it; [] when the clause lists nothing."""
    body_end = len(clause.rstrip(_PUNCTUATION.replace("”", "").replace("》", "")))
    quoted = quoted_terms(clause)
    cuts = [m.start() for m in re.finditer(r"、|(?<=”)(?=“)", clause[:body_end])
            if not any(s < m.start() < e - 1 for s, e in quoted)]  # not inside “产业出题、科技答题”
    if not cuts:
        return []
    bounds = [0, *[c for c in cuts], body_end]
    items = []
    for i in range(len(bounds) - 1):
        start = bounds[i] + (1 if i and clause[bounds[i]] == "、" else 0)
        items.append([start, bounds[i + 1]])
    last = items[-1]
    joined = re.search(r"和|及|以及|与", clause[last[0] : last[1]])
    if joined and joined.start() >= 2 and last[1] - last[0] - joined.end() >= 2 and len(items) >= 2:
        split = last[0] + joined.start()
        items[-1] = [last[0], split]
        items.append([split + len(joined.group(0)), last[1]])
    items[0] = list(strip_edges(clause, *items[0]))
    items[-1] = list(strip_edges(clause, *items[-1]))
    return [(s, e) for s, e in items if e - s >= 1]
