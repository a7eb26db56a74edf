"""What the facilitator may do with the library's files: list, create, copy, import, save, delete.

The rules live here, not in the routes: a session running live cannot be deleted, a question
that has answers in a live run keeps its kind and options (so past results stay meaningful),
and an import must be a valid session with an id of its own.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from sessions.content import Question, Session
from sessions.errors import BadPayload, Conflict, DomainError, SessionFileError
from sessions.files.folder import SessionFolder, check_session_id, copy_text, decode_upload, ids_in
from sessions.files.loader import load_session
from sessions.files.roundtrip import apply_document, dump_tree, load_tree
from sessions.files.strict_yaml import MAX_NUMBER_DIGITS, YAML_LOADER, DuplicateKey, NumberTooLong
from sessions.files.validation import FieldError, validate
from sessions.store.database import Store

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_DEPTH = 8
LOCKED_MESSAGE = ("Op deze vraag is al geantwoord in een live-sessie: de soort vraag en de opties blijven zoals ze "
                  "waren. Sla je wijziging op als nieuwe leersessie.")


@dataclass
class LibraryEntry:
    """One session file in the library: valid or not, with its live runs."""

    id: str
    file_name: str
    title: str
    number: int | None = None
    subtitle: str = ""
    session: Session | None = None
    errors: list[str] = field(default_factory=list)
    runs: int = 0
    running: int = 0
    shipped: bool = False  # comes with the program: read only, saving makes an own version
    replaces_shipped: bool = False  # the user's own version of a shipped session

    @property
    def valid(self) -> bool:
        """True when `check-sessions` accepts the file: only then it can start live."""
        return self.session is not None


def library_entries(folder: SessionFolder, store: Store) -> tuple[list[LibraryEntry], list[str]]:
    """Every file with an id, sorted as the library shows them, and the lines of files without one."""
    runs = store.live_run_counts()
    shipped_ids = set(ids_in(folder.shipped).values()) if folder.shipped is not None else set()
    entries, unreadable, seen = [], [], set()
    for path, session_id in folder.ids_by_path().items():
        try:
            session, errors = load_session(path), []
        except SessionFileError as error:
            session, errors = None, error.errors
        if not isinstance(session_id, str) or not session_id or session_id in seen:
            unreadable.extend(errors or [f"{path}: duplicate session id '{session_id}'"])
            continue
        seen.add(session_id)
        raw = _raw(path)
        entry = LibraryEntry(session_id, path.name, _text(raw.get("title")) or session_id,
                             raw.get("number") if isinstance(raw.get("number"), int) else None,
                             _text(raw.get("subtitle")), session, errors, *runs.get(session_id, (0, 0)))
        entry.shipped = folder.is_shipped(path)
        entry.replaces_shipped = not entry.shipped and session_id in shipped_ids
        entries.append(entry)
    entries.sort(key=lambda entry: (entry.number or 999, entry.title.casefold()))
    return entries, unreadable


def is_draft(folder: SessionFolder, session_id: Any) -> bool:
    """True when a file with this id exists but `check-sessions` refuses it (it cannot start live)."""
    try:
        load_session(folder.find(session_id))
    except DomainError:
        return False
    except SessionFileError:
        return True
    return False


def _raw(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return raw if isinstance(raw, dict) else {}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def slug(text: str) -> str:
    """A title as an id: `Samen beslissen!` → `samen-beslissen`."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-") or "leersessie"


def create_session(folder: SessionFolder, title: Any, defaults: Session | None = None) -> str:
    """A new session file with a title slide and a closing slide; its id. Series and partners come
    only from `defaults`, a session the facilitator chose as a template."""
    title = title.strip() if isinstance(title, str) else ""
    if not title or len(title) > 200:
        raise DomainError("Geef de nieuwe leersessie een titel (hoogstens 200 tekens).", code="bad_title")
    session_id = folder.free_id(slug(title))
    # Empty unless a template is chosen: series and partners name organisations the facilitator
    # never entered, and they would show on the beamer's title slide and the PDF cover.
    tree = CommentedMap(id=session_id, title=title)
    if defaults is not None:
        if defaults.series:
            tree["series"] = defaults.series
        if defaults.partners:
            tree["partners"] = CommentedSeq(defaults.partners)
    tree["steps"] = CommentedSeq([CommentedMap(type="title"), CommentedMap(type="closing")])
    folder.create(session_id, dump_tree(tree, ""))
    return session_id


def duplicate_session(folder: SessionFolder, session_id: Any) -> str:
    """A copy of a session file (comments and all) under a new id and title; the new id."""
    original = folder.read(session_id)
    document = original.document
    new_id = folder.free_id(f"{session_id}-kopie")
    title = document.get("title") if isinstance(document.get("title"), str) else session_id
    folder.create(new_id, copy_text(original.text, new_id, f"{title} (kopie)"))
    return new_id


def save_as_new(folder: SessionFolder, session_id: Any, document: dict[str, Any]) -> str:
    """The editor's document as a new session next to the original; the new id."""
    original = folder.read(session_id)
    new_id = folder.free_id(f"{session_id}-nieuw")
    title = document.get("title") if isinstance(document.get("title"), str) else session_id
    renamed = dict(document, id=new_id, title=f"{title} (nieuw)".strip())
    folder.create(new_id, apply_document(original.text, renamed))
    return new_id


def _parse_upload(text: str) -> Any:
    """An uploaded file's data, read by both parsers with one rule: what is imported, the editor opens."""
    try:
        raw = yaml.load(text, Loader=YAML_LOADER)
    except DuplicateKey as error:
        raise DomainError(f"De sleutel '{error.key}' staat twee keer in dit bestand (regel {error.line}). "
                          "Elke sleutel mag maar één keer voorkomen: haal er één weg en probeer het opnieuw.",
                          code="not_a_session") from error
    except NumberTooLong as error:
        raise DomainError(f"Dit bestand bevat een getal van meer dan {MAX_NUMBER_DIGITS} cijfers (regel {error.line}). "
                          "Zo'n getal hoort niet in een leersessie.", code="not_a_session") from error
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise DomainError("Dit bestand is geen geldige YAML en dus geen leersessie.", code="not_a_session") from error
    try:
        load_tree(text)  # the editor's own parser (ruamel.yaml): a file it cannot open is not imported
    except SessionFileError as error:
        raise DomainError("De editor kan dit bestand niet lezen; herstel het in een teksteditor.",
                          code="not_a_session") from error
    return raw


def import_session(folder: SessionFolder, data: bytes) -> str:
    """Add an uploaded file to the library, as it is, after the checks of `check-sessions`; its id."""
    text = decode_upload(data)
    raw = _parse_upload(text)
    if not isinstance(raw, dict) or "steps" not in raw or "id" not in raw:
        raise DomainError("Dit bestand is geen leersessie: het heeft geen id en geen stappen.", code="not_a_session")
    errors = validate(raw)
    if errors:
        raise InvalidSession(errors)
    session_id = check_session_id(raw["id"])
    if session_id in folder.ids_by_path().values():
        raise Conflict(f"Er staat al een leersessie met id '{session_id}' in de bibliotheek.")
    folder.create(session_id, text)
    return session_id


class InvalidSession(DomainError):
    """A session that `check-sessions` refuses; `errors` holds the problems per field."""

    code = "invalid_session"

    def __init__(self, errors: list[FieldError]):
        super().__init__("Dit bestand bevat fouten: " + " ".join(e.message for e in errors[:3]))
        self.errors = errors


def delete_session(folder: SessionFolder, store: Store, session_id: Any) -> None:
    """Delete a session file; refused while a live run of it is going on."""
    check_session_id(session_id)
    if store.live_run_counts().get(session_id, (0, 0))[1]:
        raise Conflict("Deze leersessie loopt nu live. Beëindig eerst de live-sessie.")
    folder.delete(session_id)


def reserved_step_ids(store: Store, session_id: str) -> dict[str, Question]:
    """Step id → the question as it was answered, for every step of the session with answers."""
    answered = {}
    for live_id, step_id in store.answered_steps(session_id):
        live = store.live_by_id(live_id)
        step = live.content.step_by_id(step_id) if live else None
        if step is not None and step.question is not None:
            answered[step_id] = step.question
    return answered


def locked_changes(store: Store, session_id: str, document: dict[str, Any]) -> list[FieldError]:
    """Questions with answers whose kind or options the document changes: not allowed in place."""
    answered = reserved_step_ids(store, session_id)
    problems = []
    for index, raw in enumerate(document.get("steps") or []):
        if not isinstance(raw, dict):
            continue
        raw_id = raw.get("id")
        step_id = raw_id if isinstance(raw_id, str) and raw_id else f"step-{index + 1}"
        question = answered.get(step_id)
        if question is None:
            continue
        changed = _changed_field(raw, question)
        if changed:
            problems.append(FieldError(f"steps.{index}.{changed}", LOCKED_MESSAGE,
                                       f"step {index + 1}: {changed} locked"))
    return problems


def _changed_field(raw: dict[str, Any], question: Question) -> str | None:
    if raw.get("type") != "question":
        return "type"
    if raw.get("kind") != question.kind:
        return "kind"
    if question.kind == "choice":
        raw_options = raw.get("options")
        options = raw_options if isinstance(raw_options, list) else []
        if tuple(str(option).strip() for option in options) != question.options:
            return "options"
        if bool(raw.get("multiple", False)) != question.multiple or bool(raw.get("other", False)) != question.other:
            return "multiple"
    if question.kind == "scale" and (raw.get("min"), raw.get("max")) != (question.min, question.max):
        return "min"
    return None


def check_document(document: Any, depth: int = 0) -> dict[str, Any]:
    """The editor's document if it is plain, sane data (no control characters, no deep nesting)."""
    if depth == 0 and not isinstance(document, dict):
        raise BadPayload("Verwacht een leersessie als object.")
    if depth > MAX_DEPTH:
        raise BadPayload("De leersessie is te diep genest.")
    if isinstance(document, dict):
        for key, value in document.items():
            if not isinstance(key, str) or len(key) > 40 or _CONTROL.search(key):
                raise BadPayload("Ongeldige veldnaam.")
            check_document(value, depth + 1)
    elif isinstance(document, list):
        if len(document) > 500:
            raise BadPayload("Te veel items in een lijst.")
        for value in document:
            check_document(value, depth + 1)
    elif isinstance(document, str):
        if len(document) > 20_000 or _CONTROL.search(document):
            raise BadPayload("Tekst met ongeldige tekens of te lang.")
    elif not (document is None or isinstance(document, (bool, int, float))):
        raise BadPayload("Ongeldige waarde.")
    checked: dict[str, Any] = document
    return checked
