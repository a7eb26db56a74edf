"""Shared extension objects, bound to the app in the factory (`init_app` pattern)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app, request
from flask_socketio import SocketIO

from sessions.content import Session
from sessions.files.folder import SessionFolder, ids_in
from sessions.files.loader import LIBRARY_DIR, load_library
from sessions.store.database import Store
from web.network import public_base_url
from web.paths import default_data_dir as default_data_dir  # re-exported: run.py and commands import it here

socketio = SocketIO()


@dataclass
class Services:
    """What the blueprints need besides Flask: the store and the session library.

    `sessions_dir` is the user's own folder (every write goes there); `shipped_dir` holds the
    sessions that come with the program, read only. An own file with a shipped id replaces it.
    """

    store: Store
    sessions_dir: str
    public_url: str | None = None
    shipped_dir: str | None = str(LIBRARY_DIR)
    library_errors: list[str] = field(default_factory=list)
    _parsed: dict[Path, Any] = field(default_factory=dict)

    def library(self) -> dict[str, Session]:
        """The session files as they are now: a dropped-in file shows without a restart."""
        folder = self.folder()
        shipped, shipped_errors = load_library(folder.shipped, self._parsed) if folder.shipped else ({}, [])
        own, self.library_errors = load_library(folder.directory, self._parsed)
        self.library_errors += shipped_errors
        if shipped:  # an own file replaces the shipped session of its id, also while it is a draft
            claimed = set(ids_in(folder.directory).values())
            shipped = {key: value for key, value in shipped.items() if key not in claimed}
        return {**shipped, **own}

    def folder(self) -> SessionFolder:
        """The library's files: the own folder (written) and the shipped one (read only)."""
        return SessionFolder(self.sessions_dir, self.shipped_dir)


def services() -> Services:
    """The services of the current app."""
    found: Services = current_app.extensions["leersessie"]
    return found


def join_base_url() -> str:
    """The base URL phones use to join, for the current request (see `web.network.public_base_url`)."""
    return public_base_url(request.host, request.scheme, services().public_url,
                           current_app.config.get("BIND_HOST", "0.0.0.0"), bool(current_app.config.get("BEHIND_PROXY")))
