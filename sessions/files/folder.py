"""The session files of the library: find, create, change, copy, import and delete them safely.

The library is two folders: the user's own (beside their data, or `--sessions-dir`), where every
write goes, and the shipped sessions inside the program, which are only read. A file in the own
folder with the id of a shipped session replaces it in the library: saving a shipped session in
the editor writes such a copy, so an upgrade or reinstall never touches the user's work.
The YAML file stays the single source of truth. Every path is built from a validated id or file
name and checked to lie inside the sessions folder; writes go to a temporary file that replaces
the old one in one step (`os.replace`), so a crash never leaves half a file. A change is based on
a version (a hash of the bytes the editor loaded): a file that changed on disk since then is not
overwritten unless the facilitator chose to.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sessions.errors import Conflict, DomainError, NotFound, SessionFileError
from sessions.files.loader import SLUG, session_files
from sessions.files.roundtrip import apply_document, dump_tree, load_tree, to_plain
from sessions.files.strict_yaml import YAML_LOADER

MAX_ID_LENGTH = 80
MAX_FILE_BYTES = 200_000
FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}\.ya?ml$")
_write_lock = threading.Lock()


@dataclass(frozen=True)
class SessionFile:
    """One file of the library folder, as the editor sees it."""

    path: Path
    text: str
    version: str

    @property
    def document(self) -> dict[str, Any]:
        """The file as plain data (steps with their `_key`)."""
        tree = load_tree(self.text)
        if not isinstance(tree, dict):
            raise SessionFileError(["the file must hold a mapping with id, title, series, partners, steps"])
        plain: dict[str, Any] = to_plain(tree)
        return plain


def version_of(data: bytes) -> str:
    """The version of a file's bytes: changes whenever a byte does."""
    return hashlib.sha256(data).hexdigest()[:20]


def check_session_id(session_id: Any) -> str:
    """A session id that is safe as (part of) a file name, or NotFound."""
    if (not isinstance(session_id, str) or not session_id or len(session_id) > MAX_ID_LENGTH
            or not SLUG.fullmatch(session_id)):
        raise NotFound("Deze leersessie bestaat niet.")
    return session_id


class SessionFolder:
    """The user's sessions folder (written) and the shipped one (read only); every path lies inside one."""

    def __init__(self, directory: str | Path, shipped: str | Path | None = None):
        self.directory = Path(directory).resolve()
        shipped_dir = Path(shipped).resolve() if shipped is not None else None
        self.shipped = shipped_dir if shipped_dir != self.directory else None

    def is_shipped(self, path: Path) -> bool:
        """True for a file of the shipped (read-only) folder."""
        return self.shipped is not None and path.resolve().parent == self.shipped

    def path_for_name(self, name: Any) -> Path:
        """The path of a file name in the folder; DomainError for anything but a plain `x.yaml` name."""
        if not isinstance(name, str) or "\x00" in name or not FILE_NAME.fullmatch(name):
            raise DomainError("Ongeldige bestandsnaam.", code="bad_name")
        path = self.directory / name
        if path.resolve().parent != self.directory:  # a symlink pointing out of the folder
            raise DomainError("Ongeldige bestandsnaam.", code="bad_name")
        return path

    def ids_by_path(self) -> dict[Path, str | None]:
        """Every session file with the id written in it (None when unreadable): own files first,
        then the shipped ones that no own file replaces."""
        found = ids_in(self.directory)
        if self.shipped is not None:
            own_ids = set(found.values())
            found.update({path: session_id for path, session_id in ids_in(self.shipped).items()
                          if session_id is None or session_id not in own_ids})
        return found

    def find(self, session_id: Any) -> Path:
        """The file of a session id (own before shipped), or NotFound."""
        check_session_id(session_id)
        for path, found_id in self.ids_by_path().items():
            if found_id == session_id:
                return path if self.is_shipped(path) else self.path_for_name(path.name)
        raise NotFound("Deze leersessie staat niet (meer) in de bibliotheek.")

    def read(self, session_id: Any) -> SessionFile:
        """The file of a session id with its text and version."""
        path = self.find(session_id)
        data = path.read_bytes()
        return SessionFile(path, data.decode("utf-8"), version_of(data))

    def free_id(self, wanted: str) -> str:
        """`wanted`, or `wanted-2`, `wanted-3`… : an id no file uses yet."""
        taken = set(self.ids_by_path().values()) | {path.stem for path in self._all_files()}
        base = wanted[:MAX_ID_LENGTH - 4].strip("-") or "leersessie"
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def write(self, path: Path, text: str, base_version: str | None) -> str:
        """Replace a file atomically; Conflict when it changed since `base_version` (None: no check)."""
        data = text.encode("utf-8")
        if self.is_shipped(path) or path.resolve().parent != self.directory:
            raise DomainError("Een meegeleverde leersessie wordt niet gewijzigd.", code="read_only")
        if len(data) > MAX_FILE_BYTES:
            raise DomainError("De leersessie is te groot om op te slaan.", code="too_large")
        with _write_lock:
            if base_version is not None:
                current = path.read_bytes() if path.exists() else b""
                if version_of(current) != base_version:
                    raise Conflict("Het bestand is op schijf gewijzigd sinds je het opende.")
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor, temporary = tempfile.mkstemp(dir=self.directory, prefix=".bewerken-", suffix=".tmp")
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, path)
            except BaseException:
                if os.path.exists(temporary):
                    os.unlink(temporary)
                raise
        return version_of(data)

    def create(self, session_id: str, text: str) -> Path:
        """A new file `<id>.yaml`; refuses to overwrite an existing one."""
        path = self.path_for_name(f"{check_session_id(session_id)}.yaml")
        if path.exists():
            raise Conflict("Er bestaat al een bestand met deze naam.")
        self.write(path, text, None)
        return path

    def save_document(self, session_id: Any, document: dict[str, Any], base_version: str | None) -> str:
        """Merge the editor's document into the file of `session_id`; the new version."""
        current = self.read(session_id)
        if base_version is not None and base_version != current.version:
            raise Conflict("Het bestand is op schijf gewijzigd sinds je het opende.")
        new_text = apply_document(current.text, document)
        if self.is_shipped(current.path):  # the user's own version, beside their data; the shipped file stays
            return self.write(self._own_path_for(current.path.name, session_id), new_text, None)
        return self.write(current.path, new_text, current.version)

    def delete(self, session_id: Any) -> None:
        """Remove the user's own file of a session (a shipped session shows again if it replaced one)."""
        path = self.find(session_id)
        if self.is_shipped(path):
            raise DomainError("Een meegeleverde leersessie kun je niet verwijderen.", code="read_only")
        with _write_lock:
            path.unlink()

    def _own_path_for(self, name: str, session_id: str) -> Path:
        """Where the own copy of a shipped file goes: its name, or `<id>.yaml` when that is taken."""
        for candidate in (name, f"{session_id}.yaml"):
            path = self.path_for_name(candidate)
            if not path.exists():
                return path
        raise Conflict("Er bestaat al een eigen bestand met deze naam.")

    def _all_files(self) -> list[Path]:
        files = session_files(self.directory)
        return files + (session_files(self.shipped) if self.shipped is not None else [])


def ids_in(directory: Path) -> dict[Path, str | None]:
    """Every session file of one folder with the id written in it (None when it has none)."""
    found = {}
    for path in session_files(directory):
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            raw = None
        session_id = raw.get("id") if isinstance(raw, dict) else None
        found[path] = session_id if isinstance(session_id, str) else None
    return found


def copy_text(text: str, new_id: str, new_title: str) -> str:
    """The text of a file with another id and title, everything else (comments too) as it was."""
    tree = load_tree(text)
    tree["id"] = new_id
    tree["title"] = new_title
    return dump_tree(tree, text)


def decode_upload(data: bytes) -> str:
    """An uploaded file's text: UTF-8 (a BOM is allowed), not too large; DomainError otherwise."""
    if len(data) > MAX_FILE_BYTES:
        raise DomainError(f"Dit bestand is te groot (meer dan {MAX_FILE_BYTES // 1000} kB).", code="too_large")
    if not data.strip():
        raise DomainError("Dit bestand is leeg.", code="not_a_session")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError("Dit bestand is geen UTF-8-tekst. Sla het op als UTF-8 en probeer het opnieuw.",
                          code="not_utf8") from error
    if "\x00" in text:
        raise DomainError("Dit bestand is geen tekstbestand.", code="not_a_session")
    return text
