"""What each screening rule adds and costs: the corpora screened with one rule switched off at a time.

    .venv/bin/python bench/screening_rules.py

For every rule: rows with a detail held, and clean rows held, on the tuning corpus, the held-out
corpus and the sentences of the session library (all clean), with the rule on and off. A rule
"adds" the detail rows that are missed without it and "costs" the clean rows it holds.
Switching off patches the rule's pattern in this process only. Prints a Markdown table.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sessions.screening import names, numbers, rules, screener  # noqa: E402
from sessions.screening.corpus import Row, read_corpus, score  # noqa: E402

NEVER = re.compile(r"(?!)")
RULES: dict[str, list[tuple[Any, str, Any]]] = {
    "lower-case name after a context word (bij sanne)": [(names, "_PERSON_CONTEXT", NEVER)],
    "lower-case first name anywhere (sanne zei)": [(names, "_WORD", NEVER)],
    "role word + capitalised word (vader Wolters)": [(names, "_ROLE_NAME", NEVER)],
    "mevrouw/meneer/familie + known surname (mevrouw bakker)": [(names, "_POLITE", NEVER)],
    "initial + surname (j. de vries)": [(names, "_INITIALS", NEVER)],
    "capitalised word no list or vocabulary knows (Ghaith)": [(names, "_CAPITALISED", NEVER)],
    "word-names only as names (Hoop zei / Hoop doet leven)": [(names, "WORD_NAMES", frozenset())],
    "normalised copy (evasion)": [(screener, "normalise", lambda text: None)],
    "own Dutch phone rule": [(numbers, "_DUTCH_PHONE", NEVER)],
    "own street + number rule": [(numbers, "_STREET_NUMBER", NEVER)],
    "own date rule": [(numbers, "_DATE", NEVER)],
    "event dates are no birth dates": [(numbers, "_EVENT_BEFORE", NEVER), (numbers, "_EVENT_AFTER", NEVER)],
    "organisations, Top 3, school subjects are no details": [(rules, "general_spans", lambda text: [])],
}


def library_rows() -> list[Row]:
    """Every sentence of the session library's texts, as a clean row."""
    texts: list[str] = []

    def walk(value):
        if isinstance(value, str):
            texts.extend(p.strip() for p in re.split(r"(?<=[.!?])\s+|\n+", value) if len(p.strip()) > 3)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted((ROOT / "sessions" / "library").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return [Row(False, frozenset(), "library", text) for text in texts]


def main() -> int:
    data = ROOT / "tests" / "data"
    corpora = {"tuning": read_corpus(data / "screening-corpus.tsv"),
               "held-out": read_corpus(data / "screening-heldout.tsv"), "library": library_rows()}
    screen = screener.Screener()
    RULES["wordfreq vocabulary (every unknown word counts as a word without it)"] = [
        (screen._lists, "is_word", lambda word, rare=False: True)]

    def figures() -> dict[str, tuple[int, int]]:
        out = {}
        for name, rows in corpora.items():
            total, _ = score(lambda text: screen.screen(text).kinds, rows)
            out[name] = (total.held, total.clean_held)
        return out

    base = figures()
    sizes = {name: (sum(r.hold for r in rows), sum(not r.hold for r in rows)) for name, rows in corpora.items()}
    print("| rule | " + " | ".join(f"{n}: adds / costs" for n in corpora) + " |")
    print("|---|" + "---|" * len(corpora))
    print("| (all rules on: held / clean held) | " + " | ".join(
        f"{base[n][0]}/{sizes[n][0]} · {base[n][1]}/{sizes[n][1]}" for n in corpora) + " |")
    for rule, patches in RULES.items():
        saved = [(module, attribute, getattr(module, attribute)) for module, attribute, _ in patches]
        for module, attribute, value in patches:
            setattr(module, attribute, value)
        try:
            off = figures()
        finally:
            for module, attribute, value in saved:
                setattr(module, attribute, value)
        print(f"| {rule} | " + " | ".join(
            f"+{base[n][0] - off[n][0]} / {base[n][1] - off[n][1]}" for n in corpora) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
