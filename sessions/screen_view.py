"""How the presenter screen lays out a live session, beyond its steps: the join panel's size.

On question slides the join panel (large QR code, URL and code) takes a quarter of the width;
once the room has joined the facilitator shrinks it to a bar with code and URL and a small QR
code. Kept in the store's settings, so a restarted server or a reconnected screen keeps it.
"""
from __future__ import annotations

from sessions.errors import Conflict
from sessions.store.database import Store
from sessions.store.records import LiveRecord

JOIN_PANEL_FULL = "full"
JOIN_PANEL_BAR = "bar"


def _key(live: LiveRecord) -> str:
    return f"join_panel:{live.id}"


def join_panel(store: Store, live: LiveRecord) -> str:
    """'full' (the default) or 'bar'."""
    return JOIN_PANEL_BAR if store.get_setting(_key(live)) == JOIN_PANEL_BAR else JOIN_PANEL_FULL


def set_join_panel(store: Store, live: LiveRecord, compact: bool) -> LiveRecord:
    """Shrink the join panel to a bar (compact) or show it in full again."""
    if not live.is_live:
        raise Conflict("Deze leersessie is afgelopen.")
    store.set_setting(_key(live), JOIN_PANEL_BAR if compact else JOIN_PANEL_FULL)
    return live
