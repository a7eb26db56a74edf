"""Aggregation of visible answers into what the screen, console and opbrengst show.

Choice and scale results are withheld below the K threshold, so a small group never sees
one person's choice. Open answers and words are not counted per person, so they are shown.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from statistics import median
from typing import Any

from sessions.content import Question

DUTCH_STOP_WORDS = frozenset("""
aan al alle alles als altijd andere ben bij daar daarom dan dat de der deze die dit doch doen door
dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik
in is ja je jij jou jouw jullie kan kon kunnen maar me meer men met mij mijn moet na naar niet niets
nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want
waren was wat we wel werd wezen wie wij wil worden wordt zal ze zelf zich zij zijn zo zonder zou
""".split())
WORD_CLOUD_SIZE = 60
WALL_SIZE = 200


def _strip_punctuation(word: str) -> str:
    """Drop punctuation around a word ('“Rust”,' -> 'Rust'); emoji and inner hyphens stay."""
    start, end = 0, len(word)
    while start < end and unicodedata.category(word[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(word[end - 1]).startswith("P"):
        end -= 1
    return word[start:end]


def fold_word(word: str) -> str:
    """The key words are grouped by: lower case, no diacritics, no surrounding punctuation ('Één!' -> 'een')."""
    decomposed = unicodedata.normalize("NFKD", _strip_punctuation(word).casefold())
    return unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))


def _is_stop_word(word: str) -> bool:
    # Accents are meaning here: 'een' is a stop word, 'één' (one) can be the answer.
    return unicodedata.normalize("NFC", _strip_punctuation(word).casefold()) in DUTCH_STOP_WORDS


def word_counts(texts: list[str]) -> list[tuple[str, int]]:
    """Words grouped by their folded form, each shown in its most frequent spelling (ties: the
    first one given), without stop words; most frequent first (ties alphabetical)."""
    groups: dict[str, Counter[str]] = {}
    for text in texts:
        for raw in text.split():
            shown = unicodedata.normalize("NFC", _strip_punctuation(raw))
            key = fold_word(raw)
            if key and not _is_stop_word(raw):
                groups.setdefault(key, Counter())[shown] += 1
    counted = [(spellings.most_common(1)[0][0], sum(spellings.values())) for spellings in groups.values()]
    return sorted(counted, key=lambda item: (-item[1], fold_word(item[0]), item[0]))


def aggregate(question: Question, values: list[dict[str, Any]], k_threshold: int) -> dict[str, Any]:
    """Summarise the visible answer values of one question (oldest first)."""
    count = len(values)
    result = {"kind": question.kind, "count": count, "k_threshold": k_threshold, "withheld": False}
    if question.kind in ("choice", "scale") and count < k_threshold:
        result["withheld"] = True
        return result
    if question.kind == "choice":
        result.update(_choice(question, values))
    elif question.kind == "scale":
        result.update(_scale(question, values))
    elif question.kind == "words":
        words = word_counts([" ".join(value.get("words", [])) for value in values])
        result["words"] = [{"word": word, "count": n} for word, n in words[:WORD_CLOUD_SIZE]]
        result["more_words"] = max(0, len(words) - WORD_CLOUD_SIZE)
    return result


def _choice(question: Question, values: list[dict[str, Any]]) -> dict[str, Any]:
    counts = [0] * len(question.options)
    other_texts = []
    for value in values:
        for index in value.get("options", []):
            if 0 <= index < len(counts):
                counts[index] += 1
        if value.get("other"):
            other_texts.append(value["other"])
    total = len(values)
    options = [{"label": label, "count": n, "percent": round(100 * n / total) if total else 0}
               for label, n in zip(question.options, counts, strict=True)]
    if question.other:
        n = len(other_texts)
        options.append({"label": "Anders", "count": n, "percent": round(100 * n / total) if total else 0})
    return {"options": options, "other_texts": other_texts}


def _scale(question: Question, values: list[dict[str, Any]]) -> dict[str, Any]:
    numbers = [value["value"] for value in values]
    distribution = Counter(numbers)
    return {
        "min": question.min, "max": question.max,
        "min_label": question.min_label, "max_label": question.max_label,
        "distribution": [{"value": v, "count": distribution.get(v, 0)} for v in range(question.min, question.max + 1)],
        "median": median(numbers) if numbers else None,
    }
