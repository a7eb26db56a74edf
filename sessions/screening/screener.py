"""Screening an answer for personal details: deduce plus our own rules, and redaction.

`Screener` loads deduce (about 2 s and 1 GB): it runs in the screening worker process and in
`run.py screen`, never in the server. Results, redaction and highlighting are plain functions
the server uses too.
"""
from __future__ import annotations

import gc
import logging
import re
from dataclasses import dataclass
from typing import Any

from sessions.screening.findings import KINDS, Finding, merge
from sessions.screening.names import used_as_word
from sessions.screening.normalise import normalise
from sessions.screening.numbers import is_address, is_birth_date, is_public_phone
from sessions.screening.rules import drop_general, own_findings

# deduce's processors we do not run: a place name, an age, a URL or any long number is no
# identifier here, the BSN gets our own stricter rule, and we redact ourselves.
SKIPPED_PROCESSORS = frozenset({"placename", "age", "identifier", "url", "bsn", "patient_name", "redactor"})
# Imperatives that deduce reads as the first name of a longer name ("Bel Jan Jansen op …"): not part of it.
_LEADING_VERB = re.compile(r"(?:Bel|Vraag|Mail|Stuur|Zeg|Geef|Laat|Help|Zie|App|Sms|Check|Spreek) (?=\S)")
DEDUCE_KINDS = {"persoon": "naam", "locatie": "adres", "telefoonnummer": "telefoon", "emailadres": "email",
                "ziekenhuis": "instelling", "zorginstelling": "instelling", "datum": "geboortedatum"}


@dataclass(frozen=True)
class ScreenResult:
    """What screening found in one text; held when anything was found."""

    findings: tuple[Finding, ...] = ()

    @property
    def held(self) -> bool:
        """True when the text contains a personal detail."""
        return bool(self.findings)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds found, in the fixed order of KINDS."""
        found = {f.kind for f in self.findings}
        return tuple(kind for kind in KINDS if kind in found)

    def to_json(self) -> list[Any]:
        """The findings as [[start, end, kind], …]."""
        return [[f.start, f.end, f.kind] for f in self.findings]


def result_from_json(data: Any) -> ScreenResult:
    """Rebuild a result from `to_json` output (from the worker or the store)."""
    return ScreenResult(tuple(Finding(int(s), int(e), str(k)) for s, e, k in data or ()))


def redact(text: str, findings: Any) -> str:
    """The text with every finding replaced by its kind in brackets: 'bij [naam] uit de [adres]'."""
    out, position = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position:
            continue
        out += [text[position:finding.start], f"[{finding.kind}]"]
        position = finding.end
    out.append(text[position:])
    return "".join(out)


def highlighted_parts(text: str, findings: Any) -> list[dict[str, Any]]:
    """The text as segments {text, kind}: kind is None for plain text, else what was detected."""
    parts, position = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position:
            continue
        if finding.start > position:
            parts.append({"text": text[position:finding.start], "kind": None})
        parts.append({"text": text[finding.start:finding.end], "kind": finding.kind})
        position = finding.end
    if position < len(text):
        parts.append({"text": text[position:], "kind": None})
    return parts


class Screener:
    """deduce with our configuration and rules; `screen(text)` costs well under a millisecond."""

    def __init__(self) -> None:
        # deduce configures the root logger to print DEBUG lines on stdout at import; our
        # stdout may be a protocol channel, so the root logger gets a handler first.
        root = logging.getLogger()
        if not root.handlers:
            root.addHandler(logging.NullHandler())
        from sessions.screening.lists import load_deduce

        # deduce's lists unpickle into millions of small objects: with the cyclic collector on,
        # it scans them again and again while they load (7 s instead of 2), and a full collection
        # later stalls screening for seconds. They live as long as the process: load them with the
        # collector off, then freeze them out of its sight.
        gc.disable()
        try:
            self._deduce = load_deduce()
            self._lists = NameLists(self._deduce.lookup_structs)
        finally:
            gc.freeze()
            gc.enable()

    def screen(self, text: str) -> ScreenResult:
        """Find the personal details in one answer; a disguised detail ("06\u200b1234…") too."""
        if not text or not text.strip():
            return ScreenResult()
        found = self._findings(text)
        copy = normalise(text)
        if copy is not None:  # screen the normalised copy too, and map what it finds back
            found += [Finding(*copy.span(f.start, f.end), f.kind) for f in self._findings(copy.text)]
        return ScreenResult(merge(found))

    def _findings(self, text: str) -> list[Finding]:
        document = self._deduce.deidentify(text, disabled=set(SKIPPED_PROCESSORS))
        found = [f for f in (self._keep(text, a) for a in document.annotations) if f is not None]
        return drop_general(found + own_findings(text, self._lists), text)

    def _keep(self, text: str, annotation: Any) -> Finding | None:
        kind = DEDUCE_KINDS.get(annotation.tag)
        start, end = int(annotation.start_char), int(annotation.end_char)
        if kind is None:
            return None
        if kind == "telefoon" and (is_public_phone(annotation.text) or len(re.sub(r"\D", "", annotation.text)) < 9):
            return None
        if kind == "naam" and (self._lists.is_place_or_word(annotation.text) or used_as_word(text, start, end)):
            return None
        if kind == "naam" and (verb := _LEADING_VERB.match(text, start)) and verb.end() < end:
            start = verb.end()
        if kind == "adres" and not is_address(text, start, end):
            return None
        if kind == "geboortedatum" and not is_birth_date(text, start, end):
            return None
        return Finding(start, end, kind)


class NameLists:
    """deduce's name, word and place lists plus wordfreq's vocabulary, as names.py asks them."""

    def __init__(self, lookup_structs: Any) -> None:
        from sessions.screening.vocabulary import Vocabulary

        self._first_names, self._surnames = lookup_structs["first_name"], lookup_structs["surname"]
        self._whitelist, self._common = lookup_structs["whitelist"], lookup_structs["common_word"]
        self._places = lookup_structs["placename"]
        self.is_word = Vocabulary().is_word
        self._first_name_cache: dict[str, bool] = {}

    def is_first_name(self, word: str) -> bool:
        """A first name in deduce's list that is no common word."""
        known = self._first_name_cache.get(word)
        if known is None:
            if len(self._first_name_cache) > 50_000:  # every word of every answer passes here: stay bounded
                self._first_name_cache.clear()
            known = self._first_name_cache[word] = not self.is_common(word) and [word] in self._first_names
        return known

    def is_known_name(self, word: str) -> bool:
        """A first name or surname in deduce's lists, even when it is also a word (Bakker, Roos)."""
        return [word] in self._first_names or [word] in self._surnames

    def is_common(self, word: str) -> bool:
        """A word in deduce's common-word lists."""
        return word.lower() in self._whitelist or word.lower() in self._common

    def is_place(self, word: str) -> bool:
        """A place name in deduce's list."""
        return [word] in self._places

    def is_place_or_word(self, name: str) -> bool:
        """A 'name' that is a place (Den Haag) or a plain word (Stap, Vrede) without a first name in it."""
        words = name.split()
        if any(words[i][0].isupper() and words[i:] in self._places for i in range(len(words) - 1)):  # "(In) Den Haag"
            return True
        if any([word] in self._first_names for word in words):
            return False
        return words in self._places or (len(words) == 1 and self.is_common(name))
