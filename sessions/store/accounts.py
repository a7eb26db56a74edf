"""The store's SQL for facilitator accounts and who owns which live run (a sibling of `store.py`, mixed into Store).

Without any account the server runs in single-password mode, as before. An account has a
name (unique, case-insensitive), a password hash and an admin flag. A live run started by an
account belongs to it (`live_owners`); account ids are never reused, so a new account with a
removed account's name does not inherit its runs.
"""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import overload

from sessions.store.rows import Queries

ACCOUNTS_MIGRATION = """
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        is_admin INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    CREATE TABLE live_owners (
        live_id INTEGER PRIMARY KEY REFERENCES live_sessions(id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL
    );
"""


@dataclass(frozen=True)
class Account:
    """A facilitator account (the hash stays in here: only auth compares it)."""

    id: int
    name: str
    is_admin: bool
    password_hash: str
    created_at: float


class AccountRecords(Queries):
    """Mixed into Store: `_run`, `_one` and `_all` come from there."""

    def add_account(self, name: str, password_hash: str, is_admin: bool = False) -> Account:
        """Create an account; sqlite3.IntegrityError when the name exists (in any letter case)."""
        self._run("INSERT INTO accounts (name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?)",
                  (name, password_hash, int(is_admin), time.time()))
        account = self.account_by_name(name)
        assert account is not None  # just inserted
        return account

    def account_by_name(self, name: str) -> Account | None:
        """The account with this name (any letter case), or None."""
        return _account(self._one("SELECT * FROM accounts WHERE name = ?", (name,)))

    def account_by_id(self, account_id: int) -> Account | None:
        """The account with this id, or None."""
        return _account(self._one("SELECT * FROM accounts WHERE id = ?", (account_id,)))

    def list_accounts(self) -> list[Account]:
        """Every account, by name."""
        return [_account(row) for row in self._all("SELECT * FROM accounts ORDER BY name COLLATE NOCASE")]

    def has_accounts(self) -> bool:
        """True once any account exists: logins then need a name."""
        return self._one("SELECT 1 FROM accounts LIMIT 1") is not None

    def set_account_password(self, account_id: int, password_hash: str) -> None:
        """Replace an account's password hash."""
        self._run("UPDATE accounts SET password_hash = ? WHERE id = ?", (password_hash, account_id))

    def remove_account(self, account_id: int) -> None:
        """Delete an account; its live runs stay (an admin still sees them)."""
        self._run("DELETE FROM accounts WHERE id = ?", (account_id,))

    def set_live_owner(self, live_id: int, account_id: int) -> None:
        """Record who started a live run."""
        self._run("INSERT OR REPLACE INTO live_owners (live_id, account_id) VALUES (?, ?)", (live_id, account_id))

    def live_owner(self, live_id: int) -> int | None:
        """The account id that started a live run, or None (single-password mode)."""
        row = self._one("SELECT account_id FROM live_owners WHERE live_id = ?", (live_id,))
        return None if row is None else row["account_id"]

    def live_owners(self) -> dict[int, int]:
        """Owner account id by live id, for every owned run."""
        return {row["live_id"]: row["account_id"] for row in self._all("SELECT live_id, account_id FROM live_owners")}


@overload
def _account(row: sqlite3.Row) -> Account: ...
@overload
def _account(row: sqlite3.Row | None) -> Account | None: ...
def _account(row: sqlite3.Row | None) -> Account | None:
    if row is None:
        return None
    return Account(row["id"], row["name"], bool(row["is_admin"]), row["password_hash"], row["created_at"])
