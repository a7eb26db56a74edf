"""Soft hyphens at Dutch syllable breaks, so a long word wraps as "Jeugdbeschermings-maatregelen".

Without them a narrow phone or 200 % zoom breaks words anywhere ("Vertrag/en"), and CSS
`hyphens: auto` depends on a dictionary the browser may not have. The soft hyphen (U+00AD) is
invisible unless the line breaks there; copying or searching the text is unaffected.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pyphen

SOFT_HYPHEN = "\u00ad"
MIN_LENGTH = 8  # shorter words fit on any line
_WORD = re.compile(rf"\w{{{MIN_LENGTH},}}")
_dictionary = pyphen.Pyphen(lang="nl_NL")


@lru_cache(maxsize=2048)
def hyphenate(text: str) -> str:
    """The text with soft hyphens at the Dutch syllable breaks of its long words."""
    if not isinstance(text, str):
        return text
    return _WORD.sub(lambda match: _dictionary.inserted(match.group(0), hyphen=SOFT_HYPHEN), text)


def init_app(app: Any) -> None:
    """Make `hyphenate` a template filter: `{{ title | hyphenate }}`."""
    app.add_template_filter(hyphenate)
