"""Suggest themes for a list of answers: groups that say the same thing, a two-to-four-word Dutch
label made of the answers' own words, and the most typical answer of each group.

The similarity of two answers mixes four L2-normalised blocks (weights tuned on the tune,
validation and holdout2 parts of tests/data/themes-corpus-*.tsv, never on holdout3; see
docs/themes.md): the sentence embedding of the answer in lower case, the embedding of its content
words alone, TF-IDF over its Dutch lemmas, and TF-IDF over the domain concepts of those lemmas.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from sessions.themes import features, spectral
from sessions.themes.concepts import CONCEPT_OF, concepts

# Lemmas 0.5 -> 1.0 in the second round (docs/themes.md): a little less reliance on the concept list.
WEIGHTS = {"sentence": 1.0, "content": 1.0, "lemmas": 1.0, "concepts": 1.0}


@dataclass(frozen=True)
class Theme:
    """One suggested theme: member indexes into the input, its label and its most typical member."""

    label: str
    members: tuple[int, ...]
    typical: int


def similarity(texts: list[str]) -> tuple[np.ndarray, list[list[tuple[str, str]]]]:
    """The mixed cosine similarity of every pair of answers, and each answer's content words."""
    words = [features.tokens(text) for text in texts]
    lemmas = [[base for base, _ in found] for found in words]
    content = [" ".join(word for _, word in found) or text for found, text in zip(words, texts, strict=True)]
    blocks = [
        # Lower case: the encoder is case-sensitive, and a capital at the start of some answers
        # (not others) pulled answers apart that say the same (docs/themes.md).
        WEIGHTS["sentence"] * features.embed([text.casefold() for text in texts]),
        WEIGHTS["content"] * features.embed(content),
        WEIGHTS["lemmas"] * features.tfidf(lemmas)[0],
        WEIGHTS["concepts"] * features.tfidf([concepts(found) for found in lemmas])[0],
    ]
    mixed = features.normalise_rows(np.hstack(blocks))
    return mixed @ mixed.T, words


def suggest(texts: list[str], groups: int | None = None) -> list[Theme]:
    """Themes for the answers, largest first; every answer is in exactly one theme."""
    texts = [str(text) for text in texts]
    if not texts:
        return []
    matrix, words = similarity(texts)
    labels = spectral.group(matrix, groups)
    found = []
    for group in range(int(labels.max()) + 1):
        members = tuple(int(i) for i in np.flatnonzero(labels == group))
        if members:
            found.append(Theme(label(members, words, texts), members, typical(members, matrix)))
    return sorted(found, key=lambda theme: (-len(theme.members), theme.members[0]))


def typical(members: tuple[int, ...], matrix: np.ndarray) -> int:
    """The member most like the others (the medoid); ties go to the earliest answer."""
    if len(members) < 3:
        return members[0]
    inside = matrix[np.ix_(members, members)]
    return members[int(np.argmax(inside.sum(axis=1)))]


def _label_weight(base: str, spelled: str) -> float:
    """Domain words make the best labels; inflected adjectives ('heldere') and conjugated verbs
    ('geeft') the worst (a heuristic: simplemma gives lemmas, not parts of speech)."""
    if base in CONCEPT_OF:
        return 1.5
    if spelled != base and (spelled == base + "e" or base.endswith("en")):
        return 0.5
    return 1.0


def label(members: tuple[int, ...], words: list[list[tuple[str, str]]], texts: list[str]) -> str:
    """Two to four words from the answers: the lemmas most frequent in this group and rare outside
    it, each in its most common spelling here ('Collega, intervisie')."""
    inside = Counter(base for i in members for base in {b for b, _ in words[i]})
    everywhere = Counter(base for found in words for base in {b for b, _ in found})
    total, size = len(words), len(members)
    spelling = {base: Counter(word.casefold() for i in members for b, word in words[i] if b == base)
                .most_common(1)[0][0] for base in inside}
    scores = {base: (count / size) * np.log((1 + total) / everywhere[base]) * _label_weight(base, spelling[base])
              for base, count in inside.items()}
    ranked = sorted(scores, key=lambda base: (-scores[base], -inside[base], base))
    chosen = [base for base in ranked[:4] if scores[base] >= 0.4 * scores[ranked[0]]][:3]
    if len(chosen) < 2:
        chosen = ranked[:2]
    spelled = [spelling[base] for base in chosen]
    if not spelled:
        spelled = texts[members[0]].split()[:3] or ["Overig"]
    text = ", ".join(spelled)
    return text[:1].upper() + text[1:]
