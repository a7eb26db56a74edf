"""A normalised copy of an answer to screen, with a map back to the original for redaction.

People who want a detail past the screener write it so that it still reads right to a person:
fullwidth letters (NFKC), zero-width characters inside a word or number, Cyrillic or Greek
look-alike letters, O/I/l for 0/1 inside a number, digits spaced one by one, an e-mail address
with "at", "(at)", "apenstaartje", "punt" or spaces around "@" and the dots. `normalise` undoes
all of these; `Normalised.span` maps a span found in the copy back to the original text, so the
original is what is redacted and highlighted.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_INVISIBLE = frozenset("\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
# Cyrillic and Greek letters that look like Latin ones (the Unicode confusables a reader would not notice).
_LOOK_ALIKES = dict(zip(  # noqa: B905 - two strings of equal length, checked by a test
    "аАвВеЕёЁкКмМнНоОрРсСтТуУхХіІїЇјЈѕЅԁɡһԛԝαΑβΒεΕζΖηΗιΙκΚμΜνΝοΟρΡτΤυΥχΧγ",
    "aAbBeEeEkKmMhHoOpPcCtTyYxXiIiIjJsSdghqwaAbBeEzZnHiIkKuMvNoOpPtTuYxXy"))
# A run of digits with O, I or l in it ("O6-I2345678", "l98429l86"): at least five real digits.
_NUMBER_LOOK = re.compile(r"(?<![^\W\d_])[\dOoIl](?:[\dOoIl]|[ .-](?=[\dOoIl]))*(?![^\W\d_])")
# Digits typed one by one with spaces (and maybe dashes) between them: "0 6 1 2 3 4 5 6 7 8".
_SPACED_DIGITS = re.compile(r"(?<!\d)\d(?:(?:\s+|\s*-\s*)\d){7,12}(?!\d)")
# Digits written as words, one by one: "nul zes een twee drie vier vijf zes zeven acht".
_DIGIT_WORDS = {w: str(i) for i, w in enumerate("nul een twee drie vier vijf zes zeven acht negen".split())}
_SPELLED_DIGITS = re.compile(r"(?i)\b(?:nul|één|een|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:[\s,-]+"
                             r"(?:nul|één|een|twee|drie|vier|vijf|zes|zeven|acht|negen)){7,12}\b")
_TLD = r"(?:nl|com|be|org|net|eu|me|de|info|nu|io|fr|uk|tr|ma|pl|sr|biz|online|email|mail|co)"
_AT = r"(?:\s*(?:@|\(\s*(?:at|@)\s*\)|\[\s*(?:at|@)\s*\]|\{\s*(?:at|@)\s*\})\s*|\s+(?:at|AT|apenstaartje)\s+)"
_DOT = r"(?:\s*(?:\.|\(\s*(?:punt|dot)\s*\)|\[\s*(?:punt|dot)\s*\])\s*|\s+(?:punt|dot|PUNT|DOT)\s+)"
# Bounded parts that start where a word starts: a 10,000-character answer costs milliseconds, not seconds.
_WORD = r"[^\W_][\w+-]{0,63}"
_PART = rf"(?i:{_WORD}(?:{_DOT}{_WORD}){{0,6}})"
_EMAIL_WRITTEN_OUT = re.compile(rf"(?<![\w.+-]){_PART}{_AT}{_PART}{_DOT}(?i:{_TLD})\b")
_AT_ONLY = re.compile(_AT, re.I)
_DIGITS = re.compile(r"\d\D{0,3}\d")
_MAYBE_SPELLED = re.compile(r"(?i)\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen)\b")
_MAYBE_EMAIL = re.compile(r"(?i)@|\bat\b|apenstaartje")
_DOT_ONLY = re.compile(_DOT, re.I)


@dataclass(frozen=True)
class Normalised:
    """The copy to screen and, per character of it, the span of the original it came from."""

    text: str
    origin: tuple[tuple[int, int], ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the copy's text[start:end] came from."""
        if start >= end or end > len(self.origin):
            return start, end
        return self.origin[start][0], self.origin[end - 1][1]


def normalise(text: str) -> Normalised | None:
    """The normalised copy, or None when normalising changes nothing (most answers)."""
    chars, origin = _characters(text)
    chars = _unshouted(chars)
    if _DIGITS.search(chars):  # cheap tests first: most answers have no number and no "at"
        chars, origin = _rewrite(chars, origin, _NUMBER_LOOK, _digits_for_letters)
        chars, origin = _rewrite(chars, origin, _SPACED_DIGITS, lambda m: re.sub(r"[\s-]", "", m.group()))
    if _MAYBE_SPELLED.search(chars):
        chars, origin = _rewrite(chars, origin, _SPELLED_DIGITS, _digits_for_words)
    if _MAYBE_EMAIL.search(chars):
        chars, origin = _rewrite(chars, origin, _EMAIL_WRITTEN_OUT, _plain_email)
    return None if chars == text else Normalised(chars, tuple(origin))


def _characters(text: str) -> tuple[str, list[Any]]:
    """Per character: NFKC, look-alikes to Latin, dashes to '-', invisible characters dropped."""
    if text.isascii():
        return text, [(i, i + 1) for i in range(len(text))]
    out, origin = [], []
    for i, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        if char in _DASHES:
            new = "-"
        else:
            new = "".join(_LOOK_ALIKES.get(c, c) for c in unicodedata.normalize("NFKC", char))
        out.append(new)
        origin += [(i, i + 1)] * len(new)
    return "".join(out), origin


def _unshouted(text: str) -> str:
    """A text typed in capitals ("BEL JAN JANSEN") with its words capitalised as names are: "Bel Jan Jansen"."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 8 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return text

    def lower(match: re.Match[str]) -> str:  # character by character: the map to the original stays one to one
        return "".join(c.lower() if len(c.lower()) == 1 else c for c in match.group())

    return re.sub(r"(?<=\w)[^\W\d_]+", lower, text)


def _rewrite(text: str, origin: list[Any], pattern: re.Pattern[str], replace: Any) -> tuple[str, list[Any]]:
    """Replace each match by `replace(match)`; a same-length result keeps the map per character."""
    out, new_origin, position = [], [], 0
    for match in pattern.finditer(text):
        new = replace(match)
        if new is None or new == match.group():
            continue
        start, end = match.span()
        out.append(text[position:start])
        new_origin += origin[position:start]
        out.append(new)
        if len(new) == end - start:
            new_origin += origin[start:end]
        else:
            new_origin += [(origin[start][0], origin[end - 1][1])] * len(new)
        position = end
    if not out:
        return text, origin
    out.append(text[position:])
    return "".join(out), new_origin + origin[position:]


def _digits_for_letters(match: re.Match[str]) -> str | None:
    found = match.group()
    if sum(c.isdigit() for c in found) < 5 or found.isdigit():
        return None
    return str(found.translate(str.maketrans("OoIl", "0011")))


def _digits_for_words(match: re.Match[str]) -> str:
    return "".join(_DIGIT_WORDS[word.lower().replace("één", "een")] for word in re.findall(r"\w+", match.group()))


def _plain_email(match: re.Match[str]) -> str:
    return _DOT_ONLY.sub(".", _AT_ONLY.sub("@", match.group()))
