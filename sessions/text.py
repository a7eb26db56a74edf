"""Rules for text people type: what an answer or a write-up may hold before anyone else sees it.

One bad text must never reach the store (a lone surrogate cannot be written as UTF-8 and
used to fail a whole commit group) nor the beamer (a right-to-left override turns the
rest of the wall around). Lengths count code points, as Python's `len` does.
"""
from __future__ import annotations

import unicodedata

# Embeddings, overrides and isolates reorder the text around them on the screen: removed.
# The plain marks (U+200E, U+200F, U+061C) only steer neutral characters and stay.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
ALLOWED_CONTROLS = "\n\t"


class TextProblem(ValueError):
    """A text that cannot be accepted; `reason` is Dutch and ends without a full stop."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def has_lone_surrogate(text: str) -> bool:
    """True when `text` holds half of a UTF-16 pair: valid JSON, not storable as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def clean_text(value: str, strip: bool = True) -> str:
    """`value` with line breaks unified, bidi controls removed and ends stripped; TextProblem if unfit."""
    if has_lone_surrogate(value):
        raise TextProblem("bevat een ongeldig teken")
    text = value.replace("\r\n", "\n").replace("\r", "\n").translate(BIDI_CONTROLS)
    if any(unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS for char in text):
        raise TextProblem("bevat een onzichtbaar stuurteken")
    return text.strip() if strip else text


def is_blank(text: str) -> bool:
    """True when nothing in `text` would show: only spaces, zero-width and other format characters."""
    return all(char.isspace() or unicodedata.category(char) in ("Cf", "Mn", "Me") for char in text)
