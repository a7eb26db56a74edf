"""Dutch (and common English) vocabulary from wordfreq's frequency lists, shipped inside its wheel.

The lists tell an unknown capitalised word ("Ghaith", "Kowalski") from an ordinary one
("Jeugdwet", "Gezinshuizen", "Safety"). They are read straight from the wheel's data files
(no network, no download), and only the words we need are kept: about 100,000 Dutch and
15,000 English words, about 15 MB in the worker.
"""
from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

# wordfreq stores words in buckets of one centibel: bucket i holds words of Zipf frequency 9 - i/100.
DUTCH_MIN_ZIPF = 3.0
DUTCH_RARE_MIN_ZIPF = 2.0
ENGLISH_MIN_ZIPF = 3.5
_LINKS = ("", "s", "e", "en", "er", "n")
_ENDINGS = ("en", "s", "'s", "e", "n", "de", "te", "d", "t", "er", "ers")


def _words(name: str, min_zipf: float) -> frozenset[str]:
    import msgpack

    # The data folder of the installed package, found without importing wordfreq (and its imports).
    spec = importlib.util.find_spec("wordfreq")
    assert spec is not None and spec.submodule_search_locations  # a dependency: installed as a package
    package = Path(spec.submodule_search_locations[0])
    with gzip.open(package / "data" / f"{name}.msgpack.gz", "rb") as stream:
        header, *buckets = msgpack.load(stream, raw=False)
    return frozenset(word for bucket in buckets[:round((9 - min_zipf) * 100) + 1] for word in bucket)


class Vocabulary:
    """`is_word(w)`: whether w (any case) is an ordinary Dutch or English word, or a Dutch compound of them."""

    def __init__(self) -> None:
        self._dutch = _words("large_nl", DUTCH_MIN_ZIPF)
        self._dutch_rare = _words("large_nl", DUTCH_RARE_MIN_ZIPF) - self._dutch
        self._english = _words("large_en", ENGLISH_MIN_ZIPF)
        self._compounds: dict[str, bool] = {}

    def is_dutch(self, word: str) -> bool:
        """Whether the word is a frequent Dutch word (names used often in Dutch text count too)."""
        return word.lower() in self._dutch

    def is_word(self, word: str, rare: bool = False) -> bool:
        """Whether the word is a frequent Dutch or English word or a compound of Dutch words.

        With `rare`, a less frequent Dutch word counts too ("Belemmerde", "Reflecteer"); foreign
        surnames used in Dutch news (Kowalski) are among those, so only use it where a capital says little.
        """
        lower = word.lower()
        if lower in self._dutch or lower in self._english or (rare and lower in self._dutch_rare):
            return True
        compound = self._compounds.get(lower)
        if compound is None:
            if len(self._compounds) > 20_000:  # answers are endless; keep the cache small
                self._compounds.clear()
            compound = self._compounds[lower] = self._is_inflected(lower) or self._is_compound(lower)
        return compound

    def _is_inflected(self, word: str) -> bool:
        """A plural or inflected form of a frequent word: "voogden", "mijders" → "mijder"."""
        return any(word.endswith(ending) and len(word) - len(ending) >= 3
                   and word[:len(word) - len(ending)] in self._dutch for ending in _ENDINGS)

    def _is_compound(self, word: str) -> bool:
        for cut in range(3, len(word) - 2):
            head, tail = word[:cut], word[cut:]
            if (tail in self._dutch or (len(tail) >= 6 and self._is_inflected(tail))
                    or (tail.count("-") == 0 and self._is_compound_tail(tail))):
                if any(head.endswith(link) and head[:len(head) - len(link)] in self._dutch
                       for link in _LINKS if len(head) - len(link) >= 3):
                    return True
        return False

    def _is_compound_tail(self, tail: str) -> bool:
        return len(tail) >= 6 and any(tail[:cut] in self._dutch and tail[cut:] in self._dutch
                                      for cut in range(3, len(tail) - 2))
