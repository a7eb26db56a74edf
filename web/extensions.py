"""Shared extension objects, bound to the app in the factory (`init_app` pattern)."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_socketio import SocketIO

from sessions.content import Session
from sessions.loader import load_library
from sessions.store import Store
from web.paths import default_data_dir  # noqa: F401 - re-exported: run.py and commands import it here

socketio = SocketIO()


@dataclass
class Services:
    """What the blueprints need besides Flask: the store and the session library."""

    store: Store
    sessions_dir: str
    public_url: str | None = None
    library_errors: list[str] = field(default_factory=list)
    _parsed: dict = field(default_factory=dict)

    def library(self) -> dict[str, Session]:
        """The session files as they are now: a dropped-in file shows without a restart."""
        sessions, self.library_errors = load_library(self.sessions_dir, self._parsed)
        return sessions


def services() -> Services:
    """The services of the current app."""
    return current_app.extensions["leersessie"]
