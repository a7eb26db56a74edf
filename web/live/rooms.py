"""Namespace and room names: one room per live session in each namespace."""
from __future__ import annotations

CONSOLE, SCREEN, PHONE = "/console", "/screen", "/phone"


def room(live_id: int) -> str:
    """The room of one live session (the same name in every namespace)."""
    return f"live:{live_id}"
