"""Facilitator accounts on the command line: add-facilitator, list-facilitators, remove-facilitator.

Without accounts the server uses the one facilitator password (single-password mode). The first
account switches logins to name + password; each live run then belongs to the account that
started it, and only that account or an admin sees or controls it.
"""
from __future__ import annotations

import argparse
import re
import sqlite3
import sys

from werkzeug.security import generate_password_hash

from facilitator.access.passwords import obtain_password
from sessions.store.accounts import Account
from sessions.store.database import Store

from .commands import open_store

NAME = re.compile(r"^[^\W_][\w .'-]{0,39}$")  # letters and digits first; spaces, . ' - inside


def account_name(text: str) -> str:
    """A facilitator name from the command line (argparse type): 1-40 letters, digits, spaces, . ' -."""
    name = " ".join(text.split())
    if not NAME.fullmatch(name) or name != text.strip():
        raise argparse.ArgumentTypeError(
            f"geen geldige naam: {text!r} (1 tot 40 letters of cijfers; spaties, punt, apostrof of streepje ertussen)")
    return name


def _revoke_logins(store, name: str) -> None:
    # Server-side login records (facilitator/access/auth.py) end with the account or its old password.
    revoke = getattr(store, "revoke_all_logins", None)
    if revoke is not None:
        revoke(account=name)


def _account_named(args: argparse.Namespace, name: str) -> tuple[Store, Account | None]:
    """The store, and the account with this name or None (after saying so on stderr)."""
    store = open_store(args)
    account = store.account_by_name(name)
    if account is None:
        print(f"fout: er is geen facilitator {name!r} (zie list-facilitators).", file=sys.stderr)
    return store, account


def add_facilitator(args: argparse.Namespace) -> int:
    """`add-facilitator NAME [--admin]`: a new account; its password is asked, read or generated."""
    store = open_store(args)
    if store.account_by_name(args.name) is not None:
        print(f"fout: er is al een facilitator {args.name!r}. Kies een andere naam.", file=sys.stderr)
        return 1
    password, generated = obtain_password(args.generate, who=args.name)
    if password is None:
        return 1
    first = not store.has_accounts()
    try:
        account = store.add_account(args.name, generate_password_hash(password), args.admin)
    except sqlite3.IntegrityError:
        print(f"fout: er is al een facilitator {args.name!r}. Kies een andere naam.", file=sys.stderr)
        return 1
    role = "beheerder (ziet alle leersessies)" if account.is_admin else "facilitator"
    print(f"Toegevoegd: {account.name}, {role}.")
    if generated:
        print(f"Wachtwoord van {account.name} (wordt één keer getoond): {password}")
    if first:
        print("Dit is het eerste account: inloggen gaat vanaf nu met naam en wachtwoord; het gedeelde "
              "facilitatorwachtwoord werkt niet meer. Leersessies van vóór de accounts ziet alleen een beheerder.")
    return 0


def list_facilitators(args: argparse.Namespace) -> int:
    """`list-facilitators`: every account with its role and number of live runs."""
    store = open_store(args)
    accounts = store.list_accounts()
    if not accounts:
        print("Geen accounts: de server gebruikt één facilitatorwachtwoord (zie set-password).")
        return 0
    owned: dict[int, int] = {}
    for account_id in store.live_owners().values():
        owned[account_id] = owned.get(account_id, 0) + 1
    width = max(len(account.name) for account in accounts)
    for account in accounts:
        role = "beheerder  " if account.is_admin else "facilitator"
        print(f"{account.name:<{width}}  {role}  {owned.get(account.id, 0)} leersessie(s)")
    return 0


def remove_facilitator(args: argparse.Namespace) -> int:
    """`remove-facilitator NAME`: delete an account and end its logins; its runs stay for admins."""
    store, account = _account_named(args, args.name)
    if account is None:
        return 1
    store.remove_account(account.id)
    _revoke_logins(store, account.name)
    print(f"Verwijderd: {account.name}. Zijn of haar leersessies blijven bewaard; een beheerder ziet ze.")
    remaining = store.list_accounts()
    if not remaining:
        print("Er is geen account meer: de server gebruikt weer één facilitatorwachtwoord (zie set-password).")
    elif not any(other.is_admin for other in remaining):
        print("Let op: er is geen beheerder meer. Maak er een met add-facilitator NAAM --admin.")
    return 0


def reset_account_password(args: argparse.Namespace) -> int:
    """`set-password --facilitator NAME`: a new password for one account; its logins end."""
    store, account = _account_named(args, args.facilitator)
    if account is None:
        return 1
    password, generated = obtain_password(args.generate, who=account.name)
    if password is None:
        return 1
    store.set_account_password(account.id, generate_password_hash(password))
    _revoke_logins(store, account.name)
    print(f"Nieuw wachtwoord voor {account.name} opgeslagen; wie ingelogd was, moet opnieuw inloggen.")
    if generated:
        print(f"Het nieuwe wachtwoord (wordt één keer getoond): {password}")
    return 0
