"""Shared extension objects, bound to the app in the factory (`init_app` pattern)."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, request
from flask_socketio import SocketIO

from sessions.content import Session
from sessions.files.loader import load_library
from sessions.store.database import Store
from web.network import public_base_url
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


def join_base_url() -> str:
    """The base URL phones use to join, for the current request (see `web.network.public_base_url`)."""
    return public_base_url(request.host, request.scheme, services().public_url,
                           current_app.config.get("BIND_HOST", "0.0.0.0"), bool(current_app.config.get("BEHIND_PROXY")))
