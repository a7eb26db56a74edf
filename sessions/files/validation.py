"""Validate an edited session with the rules of `check-sessions`, as Dutch errors per field.

The loader is the one set of rules: its error lines ("step 7 (question): 'options' needs 2 to
12 items") are mapped to a field path the editor understands (`steps.6.options`) and a Dutch
sentence a facilitator understands ("Geef 2 tot 12 opties.").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sessions.errors import SessionFileError
from sessions.files.loader import parse_session
from sessions.files.roundtrip import STEP_KEY

WHERE = "bestand"
_LOCATION = re.compile(r"^(?:step (?P<step>\d+)(?: \((?P<type>\w+)\))?: )?"
                       r"(?:groups\[(?P<group>\d+)\]: )?(?:links\[(?P<link>\d+)\]: )?(?P<message>.*)$", re.S)
FIELD_NAMES = {
    "id": "id", "title": "titel", "subtitle": "ondertitel", "series": "reeks", "partners": "partners",
    "number": "nummer", "k_threshold": "K-drempel", "steps": "stappen", "heading": "kop", "text": "tekst",
    "source": "bron", "group": "groep", "body": "tekst", "kind": "soort vraag", "prompt": "vraag",
    "help": "toelichting", "note": "notitie", "time_limit": "tijdslimiet", "options": "opties",
    "multiple": "meerdere antwoorden", "other": "anders, namelijk", "min": "minimum", "max": "maximum",
    "min_label": "label bij minimum", "max_label": "label bij maximum", "max_words": "aantal woorden",
    "review_all": "alles eerst beoordelen", "groups": "groepen", "links": "links", "publisher": "uitgever",
    "label": "naam", "url": "adres",
}
# (pattern of the loader's message, field taken from group 1 or fixed, Dutch sentence)
_MESSAGES = [
    (r"unknown key '(.+?)' \(allowed: .*\)", None, "Onbekend veld '{0}': dit kent het sessieformaat niet."),
    (r"'(\w+)' is required", None, "Vul dit veld in."),
    (r"'(\w+)' must be a non-empty text", None, "Vul hier tekst in."),
    (r"'(\w+)' must be a whole number", None, "Vul een heel getal in."),
    (r"'(\w+)' must be from (-?\d+) to (-?\d+)", None, "Kies een getal van {1} tot en met {2}."),
    (r"'(\w+)' must be true or false", None, "Kies aan of uit."),
    (r"'(\w+)' must be a list", None, "Dit moet een lijst zijn."),
    (r"'(\w+)' needs (\d+) to (\d+) items", None, "Geef {1} tot {2} {name}."),
    (r"'(\w+)' must be a list of texts", None, "Laat geen regel leeg: elke regel is een tekst."),
    (r"'(\w+)' must be a slug: .*", None, "Gebruik alleen kleine letters, cijfers en streepjes (bijv. vraag-2)."),
    (r"'(options)' must be distinct", None, "Elke optie mag maar één keer voorkomen."),
    (r"'max' minus 'min' must be from 1 to 10", "max", "Het maximum moet 1 tot 10 hoger zijn dan het minimum."),
    (r"'(url)' is not a valid http\(s\) URL: .*", None, "Geen geldig webadres: begin met http:// of https://."),
    (r"'(kind)' must be one of .*", None, "Kies een soort vraag: open, meerkeuze, schaal of woorden."),
    (r"'type' must be one of .*", "type", "Onbekend soort stap."),
    (r"must be a mapping with a 'type'", "type", "Deze stap is geen geldige stap."),
    (r"duplicate id '(.+)'", "id", "De id '{0}' komt al eerder voor in deze leersessie."),
    (r"must be a mapping with publisher and links", "links", "Een groep heeft een uitgever en links nodig."),
    (r"the file must hold a mapping.*", "", "Dit is geen leersessie: het bestand heeft geen id, titel en stappen."),
]


@dataclass(frozen=True)
class FieldError:
    """One problem: where (`steps.6.options`), in Dutch, and the loader's own line."""

    path: str
    message: str
    line: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"path": self.path, "message": self.message, "line": self.line}


def without_keys(document: dict[str, Any]) -> dict[str, Any]:
    """The document without the editor's step handles."""
    clean = dict(document)
    if isinstance(clean.get("steps"), list):
        clean["steps"] = [{k: v for k, v in step.items() if k != STEP_KEY} if isinstance(step, dict) else step
                          for step in clean["steps"]]
    return clean


def validate(document: Any) -> list[FieldError]:
    """Every problem of an edited session, by field, in Dutch; [] when `check-sessions` accepts it."""
    try:
        parse_session(without_keys(document) if isinstance(document, dict) else document, WHERE)
    except SessionFileError as error:
        return [to_field_error(line) for line in error.errors]
    return []


def to_field_error(line: str) -> FieldError:
    """One loader error line as a field path and a Dutch sentence."""
    body = line[len(WHERE) + 2:] if line.startswith(WHERE + ": ") else line
    location = _LOCATION.match(body)
    assert location is not None  # every part of the pattern is optional but the message (.*)
    parts = []
    if location["step"]:
        parts += ["steps", str(int(location["step"]) - 1)]
    if location["group"]:
        parts += ["groups", str(int(location["group"]) - 1)]
    if location["link"]:
        parts += ["links", str(int(location["link"]) - 1)]
    message = location["message"]
    for pattern, fixed_field, dutch in _MESSAGES:
        found = re.fullmatch(pattern, message, re.S)
        if found:
            field = fixed_field if fixed_field is not None else found.group(1)
            name = FIELD_NAMES.get(found.group(1) if found.groups() else field, "items")
            text = dutch.format(*found.groups(), name=name)
            return FieldError(".".join(parts + ([field] if field else [])), text, body)
    return FieldError(".".join(parts), "Dit klopt niet: " + message, body)
