"""The style sheets parse as their authors meant: a lost brace swallows every rule after it.

A merge once dropped the `}` of `.speaker-question-votes` in screen.css, and the screen's whole
theme view (issue 16) showed as an unstyled list; no browser test looked at its layout.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = sorted((Path(__file__).resolve().parent.parent / "static" / "css").glob("*.css"))


def unbalanced(text: str) -> str | None:
    """Where the braces of a style sheet go wrong (a `}` too many, or an open `{` at the end), or None."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    depth, opened = 0, []
    for number, line in enumerate(text.splitlines(), 1):
        for char in line:
            if char == "{":
                depth += 1
                opened.append(number)
            elif char == "}":
                if not opened:
                    return f"line {number}: a }} without its {{"
                depth -= 1
                opened.pop()
        # A rule set opened inside another outside @media/@supports is a lost brace.
        if depth >= 2 and not _in_at_rule(text, opened[0]):
            return f"line {opened[-1]}: a rule opened inside the rule of line {opened[0]} (a lost }}?)"
    return f"line {opened[-1]}: a {{ never closed" if opened else None


def _in_at_rule(text: str, line: int) -> bool:
    return text.splitlines()[line - 1].lstrip().startswith("@")


@pytest.mark.parametrize("path", CSS, ids=lambda p: p.name)
def test_style_sheet_braces_balance(path):
    assert unbalanced(path.read_text(encoding="utf-8")) is None


def test_the_check_finds_a_lost_brace():
    assert unbalanced(".a {\n  color: red;\n.b { color: blue; }\n") is not None
    assert unbalanced("@media (min-width: 1px) {\n  .a { color: red; }\n}\n") is None
