"""A figure as printed in the report, said in English units for English answers ("1609亿元" → "160.9 billion yuan").
Derived from the printed figure alone, so the grounding guard can derive it again and check it."""

from __future__ import annotations

import re

# Chinese unit → (multiplier, English unit). Longest first when matching.
_UNITS: dict[str, tuple[float, str]] = {
    "亿元": (1e8, "yuan"), "万元": (1e4, "yuan"), "元": (1, "yuan"),
    "亿斤": (1e8, "jin"), "万斤": (1e4, "jin"), "斤": (1, "jin"),
    "万亩": (1e4, "mu"), "亩": (1, "mu"), "万头": (1e4, "head"), "头": (1, "head"),
    "万人次": (1e4, "visits"), "人次": (1, "visits"), "万人": (1e4, "people"), "人": (1, "people"),
    "万户": (1e4, "households"), "户": (1, "households"), "公里": (1, "km"),
    "万千瓦": (1e4, "kW"), "千瓦": (1, "kW"), "万平方米": (1e4, "m²"), "平方米": (1, "m²"),
    "万吨": (1e4, "tonnes"), "吨": (1, "tonnes"), "个百分点": (1, "percentage points"), "%": (1, "%"),
    "倍": (1, "times"), "个": (1, ""), "家": (1, ""), "套": (1, ""), "场": (1, ""), "项": (1, ""), "处": (1, ""),
    "座": (1, ""), "所": (1, ""), "枚": (1, ""), "条": (1, ""), "名": (1, ""),
}
_QUALIFIERS = {"突破": "over", "超过": "over", "超": "over", "近": "nearly", "约": "about"}
_AFTER = {"以上": "or more", "左右": "or so", "以内": "at most", "余": "more than", "多": "more than"}
_FIGURE = re.compile(
    r"^(?P<pre>突破|超过|超|近|约)?(?P<num>\d+(?:\.\d+)?)(?P<approx>余|多)?(?P<unit>.+?)(?P<post>以上|左右|以内)?$"
)


def _in_words(value: float) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{value / size:.4g} {word}"
    return f"{value:,.4g}" if value < 1e4 else f"{value:,.0f}"


def english_amount(printed: str) -> str | None:
    """"1609亿元" → "160.9 billion yuan", "突破190亿斤" → "over 19 billion jin", "510个以上" → "510 or more";
    None when the figure is no amount with a known unit ("第8次", "二十连丰")."""
    m = _FIGURE.match(printed)
    if not m or m.group("unit") not in _UNITS:
        return None
    multiplier, unit = _UNITS[m.group("unit")]
    value = float(m.group("num")) * multiplier
    amount = f"{m.group('num')}%" if unit == "%" else f"{_in_words(value)}{' ' + unit if unit else ''}"
    before = _QUALIFIERS.get(m.group("pre") or "", "")
    after = _AFTER.get(m.group("post") or m.group("approx") or "", "")
    if after == "more than":
        before, after = "more than", ""
    return " ".join(part for part in (before, amount, after) if part)
