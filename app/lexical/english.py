"""The English bridge: English words and phrases → the report's own Chinese words, from CC-CEDICT glosses of
every dictionary word that the report uses. Built with the index; a question in English is matched through it."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from app.lexical.cedict import entries
from app.lexical.pinyin import build_pinyin_names

BRIDGE_VERSION = "6"
MAX_WORDS = 4  # longer glosses are descriptions, not names
MAX_TERMS = 3  # report words kept per English phrase, most used in the report first
MAX_SENSES = 3  # later glosses of an entry are rare senses ("突出": … to project)
# English words that name nothing ("the", "do", "what"): never bridged on their own.
_STOPWORDS = (
    "a an the of in on at to for from by with and or but is are was were be been being do does did doing have has "
    "had will would shall should can could may might must this that these those it its they them their there here "
    "what which who whom whose when where why how much many any some all each every both more most less few other "
    "such no not only own same so than too very just also into over under about after before up down out off again "
    "then once as if because while during per via s t city tongliao year years last next plan plans planned target "
    "goal report government 2023 2024 new main rate percent percentage share proportion total number amount value "
    "figure level"
)
STOPWORDS = frozenset(_STOPWORDS.split())
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")  # "water-supply" is two words, as glosses write them


def stem(word: str) -> str:
    """A crude English stem, the same for glosses and questions ("stations" → "station", "athletes" →
    "athlete", "taxes" → "tax")."""
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and re.search(r"(?:s|x|ch|sh|z)es$", word):
        return word[:-2]
    for suffix in ("ing", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _phrases(gloss: str) -> list[tuple[str, int]]:
    """(phrase, how far it is from the gloss's own sense: 0 for the gloss itself, 1 for the verb alone of a verb
    phrase — "to sign a contract" also says "sign", which a question puts as "signed")."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", gloss.lower())
    out = []
    for part in re.split(r"[;,]", text):
        words = [stem(w) for w in _WORD.findall(part)]
        verb = bool(words) and words[0] == "to"
        while words and words[0] in ("to", "a", "an", "the"):
            words = words[1:]
        if 0 < len(words) <= MAX_WORDS and not (len(words) == 1 and words[0] in STOPWORDS):
            out.append((" ".join(words), 0))
        if verb and len(words) > 1 and words[0] not in STOPWORDS:
            out.append((words[0], 1))
    return out


def _segments(text: str, vocabulary: set[str], longest: int) -> set[str]:
    """The words of `text` by forward and backward maximum matching against `vocabulary`: "年内建设" is 年内 建设,
    so 内建 ("built-in"), a mere substring, is not one of the report's words."""
    found: set[str] = set()
    for backward in (False, True):
        at = len(text) if backward else 0
        while (at > 0) if backward else (at < len(text)):
            for size in range(longest, 0, -1):
                piece = text[at - size : at] if backward else text[at : at + size]
                if len(piece) == size and (size == 1 or piece in vocabulary):
                    found.add(piece)
                    at += -size if backward else size
                    break
    return found


def build_tables(report_text: str) -> dict[str, dict[str, list[str]]]:
    """Everything the bridge looks up: CC-CEDICT glosses and pinyin names, both filtered to the report."""
    return {"glosses": build_bridge(report_text), "pinyin": build_pinyin_names(report_text)}


def build_bridge(report_text: str) -> dict[str, list[str]]:
    """English phrase → report words (two characters or more) whose CC-CEDICT glosses are that phrase."""
    dictionary = [(h, g) for h, g in entries() if len(h) >= 2 and h in report_text]
    vocabulary = {h for h, _ in dictionary}
    words = _segments(report_text, vocabulary, max(map(len, vocabulary), default=1))
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for headword, glosses in dictionary:
        if headword not in words:
            continue
        for position, gloss in enumerate(glosses[:MAX_SENSES]):
            if ":" in gloss:  # "the four elements: earth, water, …" describes, it does not translate
                continue
            for phrase, distance in _phrases(gloss):
                if all(w in STOPWORDS for w in phrase.split()):
                    continue
                rank = position + distance * MAX_SENSES
                found[phrase][headword] = min(rank, found[phrase].get(headword, rank))
    # A word's first senses first, then the words the report uses most.
    return {phrase: sorted(words, key=lambda w: (words[w], -report_text.count(w), -len(w), w))[:MAX_TERMS]
            for phrase, words in sorted(found.items())}


_AMOUNT = re.compile(r"\b(\d+(?:\.\d+)?)\s*(million|billion)\b")


def report_amounts(text: str) -> list[tuple[str, str]]:
    """(English amount as asked, the report's way of writing it): "10 million" → 千万, "5 billion" → 50亿,
    "3 million" → 300万; the report counts in 万 and 亿."""
    found = []
    for m in _AMOUNT.finditer(text.lower()):
        value = float(m.group(1)) * (1e6 if m.group(2) == "million" else 1e9)
        written = "千万" if value == 1e7 else f"{value / 1e8:g}亿" if value >= 1e8 else f"{value / 1e4:g}万"
        found.append((m.group(0), written))
    return found


class EnglishBridge:
    """Looks up the report's words for the English words and phrases of a question, and its names for words
    written in pinyin."""

    def __init__(self, table: dict[str, list[str]], pinyin: dict[str, list[str]] | None = None) -> None:
        self._table = table
        self._pinyin = pinyin or {}
        self._longest = max((len(p.split()) for p in table), default=1)

    @classmethod
    def load(cls, path: Path) -> EnglishBridge:
        """The tables written by the index build."""
        tables = json.loads(path.read_text(encoding="utf-8"))
        return cls(tables["glosses"], tables["pinyin"])

    def words(self) -> set[str]:
        """The single (stemmed) English words the bridge knows."""
        return {key for key in self._table if " " not in key}

    def lookup(self, text: str) -> list[tuple[str, str]]:
        """(English phrase as asked, report word) for every phrase of the text the bridge knows, longest first;
        a word inside a matched phrase is not looked up again."""
        words = _WORD.findall(text.lower())
        stems = [stem(w) for w in words]
        used = [False] * len(words)
        hits: list[tuple[str, str]] = report_amounts(text)
        for size in range(min(self._longest, MAX_WORDS), 0, -1):
            for start in range(len(words) - size + 1):
                if any(used[start : start + size]):
                    continue
                key = " ".join(stems[start : start + size])
                if size == 1 and key in STOPWORDS:
                    continue
                terms = self._table.get(key) or self._name(words[start : start + size])
                if terms:
                    asked = " ".join(words[start : start + size])
                    hits += [(asked, term) for term in terms]
                    used[start : start + size] = [True] * size
        return hits

    def _name(self, words: list[str]) -> list[str]:
        """The report's characters for a name in pinyin ("kulun" → 库伦, "yinchuo jiliao" → 引绰济辽); only
        for words that are no English word the dictionary knows."""
        if any(w in STOPWORDS or w in self._table for w in words):
            return []
        found = self._pinyin.get("".join(words), [])
        return found if len(found) <= MAX_TERMS else []
