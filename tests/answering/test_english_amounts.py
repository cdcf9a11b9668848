"""Figures as printed, said in English units: one row per case."""

import pytest

from app.answering.english_amounts import english_amount

CASES = [
    ("1609亿元", "160.9 billion yuan"),
    ("突破190亿斤", "over 19 billion jin"),
    ("510个以上", "510 or more"),
    ("5.2%", "5.2%"),
    ("56万亩", "560,000 mu"),
    ("2000万人次", "20 million visits"),
    ("近5000人", "nearly 5,000 people"),
    ("10个百分点", "10 percentage points"),
    ("460余场", "more than 460"),
    ("第8次", None),
]


@pytest.mark.parametrize(("printed", "english"), CASES, ids=[c[0] for c in CASES])
def test_a_printed_figure_in_english_units(printed: str, english: str | None) -> None:
    assert english_amount(printed) == english
