"""Shared extension objects, bound to the app in the factory (`init_app` pattern)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_socketio import SocketIO

from sessions.content import Session
from sessions.loader import load_library
from sessions.store import Store

socketio = SocketIO()


def default_data_dir() -> Path:
    """Where the database lives unless --data-dir says otherwise: $LEERSESSIE_DATA_DIR or ./instance."""
    configured = os.environ.get("LEERSESSIE_DATA_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[1] / "instance"


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
