"""Load and strictly validate session files into `Session` objects.

Every problem is reported as one line naming the file, the step and the field, so a session
author can fix a file without reading code. All problems of a file are reported at once.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from sessions.content import QUESTION_KINDS, Link, Question, ResourceGroup, Session, Step
from sessions.errors import SessionFileError
from sessions.files.strict_yaml import YAML_LOADER

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LIBRARY_DIR = Path(__file__).parent.parent / "library"

TOP_KEYS = {"id", "number", "title", "subtitle", "series", "partners", "k_threshold", "steps"}
STEP_KEYS = {
    "title": {"subtitle"},
    "statement": {"heading", "text"},
    "quote": {"text", "source"},
    "insight": {"number", "group", "heading", "body"},
    "resources": {"heading", "groups"},
    "closing": {"heading", "text"},
    "question": {"kind", "prompt", "help", "note", "time_limit", "k_threshold", "review_all"},
}
QUESTION_KIND_KEYS = {
    "open": set(),
    "choice": {"options", "multiple", "other"},
    "scale": {"min", "max", "min_label", "max_label"},
    "words": {"max_words"},
}
DEFAULT_HEADINGS = {"statement": "Opbrengst", "resources": "Hulpbronnen", "closing": "Dank je wel"}


class _Reader:
    """Reads typed fields from one mapping and collects errors with their location."""

    def __init__(self, data: dict[str, Any], where: str, errors: list[str]):
        self.data, self.where, self.errors = data, where, errors

    def error(self, message: str) -> None:
        self.errors.append(f"{self.where}: {message}")

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                self.error(f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(f"'{key}' is required")
            return default
        if not isinstance(value, str) or not value.strip():
            self.error(f"'{key}' must be a non-empty text")
            return default
        return value.strip()

    def integer(self, key: str, low: int, high: int, required: bool = False) -> int | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(f"'{key}' is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(f"'{key}' must be a whole number")
            return None
        if not low <= value <= high:
            self.error(f"'{key}' must be from {low} to {high}")
            return None
        return value

    def boolean(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.error(f"'{key}' must be true or false")
            return False
        return value

    def items(self, key: str, low: int, high: int, required: bool = True) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(f"'{key}' is required")
            return []
        if not isinstance(value, list):
            self.error(f"'{key}' must be a list")
            return []
        if not low <= len(value) <= high:
            self.error(f"'{key}' needs {low} to {high} items")
        return value

    def texts(self, key: str, low: int, high: int, required: bool = True) -> tuple[str, ...]:
        values = self.items(key, low, high, required)
        if any(not isinstance(v, str) or not v.strip() for v in values):
            self.error(f"'{key}' must be a list of texts")
            return ()
        return tuple(v.strip() for v in values)


def load_session(path: str | Path) -> Session:
    """Load one session file; raise SessionFileError listing every problem."""
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except (OSError, UnicodeDecodeError) as error:
        raise SessionFileError([f"{path}: cannot read file ({error})"]) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise SessionFileError([f"{path}:{line} invalid YAML ({getattr(error, 'problem', error)})"]) from error
    return parse_session(raw, str(path))


def parse_session(raw: Any, where: str) -> Session:
    """Validate already-parsed YAML data into a Session."""
    errors: list[str] = []
    if not isinstance(raw, dict):
        raise SessionFileError([f"{where}: the file must hold a mapping with id, title, series, partners, steps"])
    top = _Reader(raw, where, errors)
    top.check_keys(TOP_KEYS)
    session_id = top.text("id", required=True)
    if session_id and not SLUG.fullmatch(session_id):
        top.error("'id' must be a slug: lowercase letters, digits and dashes")
    fields: dict[str, Any] = dict(
        id=session_id,
        title=top.text("title", required=True),
        subtitle=top.text("subtitle"),
        series=top.text("series"),  # both optional: a session made from scratch names no one else's
        partners=top.texts("partners", 0, 20, required=False),
        number=top.integer("number", 1, 999),
        k_threshold=top.integer("k_threshold", 1, 50) or 3,
    )
    steps = [_parse_step(raw_step, index, where, errors)
             for index, raw_step in enumerate(top.items("steps", 1, 500), 1)]
    seen: set[str] = set()
    for index, step in enumerate(steps, 1):
        if step is None:
            continue
        if step.id in seen:
            errors.append(f"{where}: step {index} ({step.type}): duplicate id '{step.id}'")
        seen.add(step.id)
    if errors:
        raise SessionFileError(errors)
    return Session(steps=tuple(step for step in steps if step is not None), source_path=where, **fields)


def _parse_step(raw: Any, index: int, where: str, errors: list[str]) -> Step | None:
    if not isinstance(raw, dict):
        errors.append(f"{where}: step {index}: must be a mapping with a 'type'")
        return None
    step_type = raw.get("type")
    if step_type not in STEP_KEYS:
        errors.append(f"{where}: step {index}: 'type' must be one of {', '.join(STEP_KEYS)}")
        return None
    reader = _Reader(raw, f"{where}: step {index} ({step_type})", errors)
    allowed = {"type", "id"} | STEP_KEYS[step_type]
    if step_type == "question":
        allowed |= QUESTION_KIND_KEYS.get(str(raw.get("kind")), set())
    reader.check_keys(allowed)
    step_id = reader.text("id") or f"step-{index}"
    if not SLUG.fullmatch(step_id):
        reader.error("'id' must be a slug: lowercase letters, digits and dashes")
    common = dict(type=step_type, id=step_id)
    if step_type == "title":
        return Step(subtitle=reader.text("subtitle"), **common)
    if step_type == "quote":
        return Step(text=reader.text("text", required=True), source=reader.text("source"), **common)
    if step_type == "insight":
        return Step(number=reader.integer("number", 1, 999), group=reader.text("group", default="Inzichten"),
                    heading=reader.text("heading", required=True), body=reader.text("body", required=True), **common)
    if step_type == "resources":
        return Step(heading=reader.text("heading", default=DEFAULT_HEADINGS["resources"]),
                    groups=_parse_groups(reader), **common)
    if step_type == "question":
        return Step(question=_parse_question(reader), **common)
    required = step_type == "statement"
    return Step(heading=reader.text("heading", default=DEFAULT_HEADINGS[step_type]),
                text=reader.text("text", required=required), **common)


def _parse_groups(reader: _Reader) -> tuple[ResourceGroup, ...]:
    groups = []
    for number, raw_group in enumerate(reader.items("groups", 1, 30), 1):
        if not isinstance(raw_group, dict):
            reader.error(f"groups[{number}] must be a mapping with publisher and links")
            continue
        group = _Reader(raw_group, f"{reader.where}: groups[{number}]", reader.errors)
        group.check_keys({"publisher", "links"})
        links = []
        for link_number, raw_link in enumerate(group.items("links", 1, 50), 1):
            link = _Reader(raw_link if isinstance(raw_link, dict) else {}, f"{group.where}: links[{link_number}]",
                           reader.errors)
            link.check_keys({"label", "url"})
            label, url = link.text("label", required=True), link.text("url", required=True)
            parsed = urlparse(url)
            if url and (parsed.scheme not in ("http", "https") or not parsed.netloc or " " in url):
                link.error(f"'url' is not a valid http(s) URL: {url!r}")
            links.append(Link(label, url))
        groups.append(ResourceGroup(group.text("publisher"), tuple(links)))
    return tuple(groups)


def _parse_question(reader: _Reader) -> Question | None:
    kind = reader.data.get("kind")
    if kind not in QUESTION_KINDS:
        reader.error(f"'kind' must be one of {', '.join(QUESTION_KINDS)}")
        return None
    fields = dict(kind=kind, prompt=reader.text("prompt", required=True), help=reader.text("help"),
                  note=reader.text("note"), time_limit=reader.integer("time_limit", 10, 3600),
                  k_threshold=reader.integer("k_threshold", 1, 50), review_all=reader.boolean("review_all"))
    if kind == "choice":
        options = reader.texts("options", 2, 12)
        if len(set(option.casefold() for option in options)) != len(options):
            reader.error("'options' must be distinct")
        fields.update(options=options, multiple=reader.boolean("multiple"), other=reader.boolean("other"))
    elif kind == "scale":
        low, high = reader.integer("min", -100, 100, True), reader.integer("max", -100, 100, True)
        if low is not None and high is not None and not 1 <= high - low <= 10:
            reader.error("'max' minus 'min' must be from 1 to 10")
        fields.update(min=low or 0, max=high or 0, min_label=reader.text("min_label", True),
                      max_label=reader.text("max_label", True))
    elif kind == "words":
        fields.update(max_words=reader.integer("max_words", 1, 3) or 3)
    return Question(**fields)


def session_files(directory: str | Path) -> list[Path]:
    """The session files in a directory, sorted by name."""
    directory = Path(directory)
    return sorted(p for p in directory.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_library(directory: str | Path = LIBRARY_DIR,
                 cache: dict[Path, Any] | None = None) -> tuple[dict[str, Session], list[str]]:
    """All valid sessions of a directory by id, and the error lines of the invalid ones.

    With a `cache` dict, a file is parsed again only when its size or modification time changed.
    """
    sessions: dict[str, Session] = {}
    errors: list[str] = []
    for path in session_files(directory):
        try:
            session = _load_cached(path, cache) if cache is not None else load_session(path)
        except SessionFileError as error:
            errors.extend(error.errors)
            continue
        if session.id in sessions:
            errors.append(f"{path}: duplicate session id '{session.id}' (also in {sessions[session.id].source_path})")
            continue
        sessions[session.id] = session
    return sessions, errors


def _load_cached(path: Path, cache: dict[Path, Any]) -> Session:
    stat = path.stat()
    signature = (stat.st_mtime_ns, stat.st_size)
    known = cache.get(path)
    if known is None or known[0] != signature:
        try:
            known = (signature, load_session(path))
        except SessionFileError as error:
            known = (signature, error)
        cache[path] = known
    if isinstance(known[1], SessionFileError):
        raise known[1]
    session: Session = known[1]
    return session


def parse_step(raw: Any, index: int, where: str, errors: list[str]) -> Step | None:
    """Validate one step (number `index`, from 1) as a session file's step; problems go to `errors`."""
    return _parse_step(raw, index, where, errors)
