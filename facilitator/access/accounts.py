"""Who may see which live run: single-password mode, or accounts that own the runs they start.

Without any account (the default) every logged-in facilitator sees every run, as before. With
accounts each run belongs to the account that started it: only that account and admins see it
in the library, open its console, control it over Socket.IO, read its opbrengst or export it.
Runs started before the first account have no owner: admins see them. The library of session
files is shared by all.
"""
from __future__ import annotations

from flask import abort, g

from sessions.store.accounts import Account
from web.extensions import services

from . import auth

FORBIDDEN = "Deze leersessie is van een andere facilitator."


def accounts_mode() -> bool:
    """True once any facilitator account exists."""
    if "leersessie_accounts_mode" not in g:
        g.leersessie_accounts_mode = services().store.has_accounts()
    return g.leersessie_accounts_mode


def current_account() -> Account | None:
    """The account of this browser session's login, or None (single-password login, or none)."""
    if "leersessie_account" not in g:
        name = auth.login_account_name()
        g.leersessie_account = services().store.account_by_name(name) if name else None
    return g.leersessie_account


def may_access(live, owners: dict[int, int] | None = None) -> bool:
    """True when this login may see and control this live run."""
    if not accounts_mode():
        return True
    account = current_account()
    if account is None:
        return False
    if account.is_admin:
        return True
    owner = owners.get(live.id) if owners is not None else services().store.live_owner(live.id)
    return owner == account.id


def require_access(live) -> None:
    """Abort with 403 when this live run belongs to another facilitator."""
    if not may_access(live):
        abort(403, description=FORBIDDEN)


def visible(lives: list) -> list:
    """The live runs this login may see."""
    if not accounts_mode():
        return lives
    owners = services().store.live_owners()
    return [live for live in lives if may_access(live, owners)]


def claim(live) -> None:
    """Make the current account the owner of a run it just started."""
    account = current_account()
    if account is not None:
        services().store.set_live_owner(live.id, account.id)
