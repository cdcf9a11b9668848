"""Typos in a question, corrected against the report's own vocabulary (never against a list of questions), and only
where no dictionary knows the word as written.

- A Chinese character that the report never uses and that forms no word of CC-CEDICT nor any bigram of the report
  with either neighbour is replaced by the report's character of the same sound (pinyin without tones, as an input
  method types it) that forms a bigram of the report with a neighbour that is no function character: 突坡 → 突破.
  今年, 老百姓 are words, 几 and 吗 function characters: left alone.
- An English word that no CC-CEDICT gloss uses (in any inflection) is replaced by the one domain word (the glossary's,
  or a dictionary word the bridge maps to the report) a single edit away, in the case it was typed: a swapped,
  missing, extra or wrong letter (staions → stations), only a swap for an acronym (GPD → GDP) and nothing for a
  capitalised word inside a sentence (a name: Kulun, Gei).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

from pypinyin import lazy_pinyin

from app.lexical.english import STOPWORDS, stem
from app.retrieval.text import simplified

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Chinese function characters (particles, question words, conjunctions, prepositions): they pair with anything, so
# they are never taken for a typo nor let a correction through (赚了 must not become 转了).
_FUNCTION_CHARS = frozenset("了的地得着过是在有和与及或并多少几吗呢吧啊呀么嘛哪谁啥咋怎什"
                            "不没也都还就又再把被让给对向从到为以于而且但")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class SpellingCorrector:
    """Built once per index from the report's text, its domain words and the general dictionary's vocabulary."""

    def __init__(self, report_text: str, glossary_words: Iterable[str], bridge_stems: Iterable[str],
                 general_bigrams: frozenset[str], general_english: frozenset[str]) -> None:
        self._bigrams = {a + b for a, b in pairwise(report_text) if _CJK.match(a) and _CJK.match(b)}
        self._chars = {c for c in report_text if _CJK.match(c)}
        self._by_sound: dict[str, set[str]] = defaultdict(set)
        for char in self._chars:
            self._by_sound[lazy_pinyin(char)[0]].add(char)
        self._general_bigrams = general_bigrams
        stems = set(bridge_stems)
        self._domain = {w.lower() for w in glossary_words} | {w for w in general_english if stem(w) in stems}
        known = self._domain | set(general_english) | set(STOPWORDS)
        self._known = known | {stem(w) for w in known}

    def correct(self, text: str) -> str:
        """The question in simplified characters, with its typos corrected."""
        return _ENGLISH_WORD.sub(self._english_word, self._chinese(simplified(text)))

    def _chinese(self, text: str) -> str:
        chars = list(text)
        for i, char in enumerate(chars):
            if not _CJK.match(char) or char in self._chars or char in _FUNCTION_CHARS:
                continue
            before = chars[i - 1] if i > 0 and _CJK.match(chars[i - 1]) else ""
            after = chars[i + 1] if i + 1 < len(chars) and _CJK.match(chars[i + 1]) else ""
            if not (before or after) or before + char in self._general_bigrams or char + after in self._general_bigrams:
                continue
            sounds_alike = self._by_sound.get(lazy_pinyin(char)[0], set())
            best = max(sorted(sounds_alike), key=lambda c: self._seen(before, c, after), default=None)
            if best is not None and self._seen(before, best, after) > 0:
                chars[i] = best
        return "".join(chars)

    def _seen(self, before: str, char: str, after: str) -> int:
        """How many of the character's bigrams with its (content) neighbours are words of the report: bigrams the
        report uses that the dictionary has inside a word (突破, not 业转 from 产业转型)."""
        return sum(pair in self._bigrams and pair in self._general_bigrams
                   for neighbour, pair in ((before, before + char), (after, char + after))
                   if neighbour and neighbour not in _FUNCTION_CHARS)

    def _english_word(self, match: re.Match[str]) -> str:
        word = match.group()
        low = word.lower()
        if low in self._known or stem(low) in self._known:
            return word
        if word.isupper():  # an acronym: only two letters swapped (GPD → GDP), as it was typed
            near = {candidate for candidate in _swaps(low) if candidate in self._domain}
            return near.pop().upper() if len(near) == 1 else word
        if word[0].isupper() and match.start() > 0 and match.string[: match.start()].rstrip()[-1:] not in ".?!":
            return word  # capitalised inside a sentence: a name
        edits = _one_edit(low) if len(low) >= 4 else _swaps(low)
        near = {candidate for candidate in edits if candidate in self._domain}
        if len(near) != 1:
            return word
        found = near.pop()
        return found.capitalize() if word[0].isupper() else found


def _swaps(word: str) -> set[str]:
    """The word with two neighbouring letters swapped, each way."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


def _one_edit(word: str) -> set[str]:
    """Every string one letter edit away: a swap of neighbours, a substitution, or a deletion or insertion inside
    the word (at its end it would be an inflection or another word: renovated, gig)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    deletes = {a + b[1:] for a, b in splits if len(b) > 1}
    inserts = {a + c + b for a, b in splits if b for c in _LETTERS}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    return swaps | deletes | inserts | replaces
