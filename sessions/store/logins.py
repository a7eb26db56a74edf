"""The store's SQL for facilitator logins and private files (a sibling of `store.py`, mixed into Store).

A login is a row, not just a signed cookie: the cookie carries a random login id, the table
holds its hash. Logging out, a new password or a new secret key deletes rows, and a cookie
whose row is gone opens nothing, even when it was copied before.
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

from sessions.store.rows import Queries

LOGINS_MIGRATION = """
    CREATE TABLE logins (
        id_hash TEXT PRIMARY KEY,
        account TEXT,
        created_at REAL NOT NULL
    );
    DELETE FROM settings WHERE key = 'secret_key';
"""
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def login_hash(login_id: str) -> str:
    """What the table keeps of a login id: a copy of the database cannot be turned into a cookie."""
    return hashlib.sha256(login_id.encode()).hexdigest()


def make_private(path: Path) -> None:
    """Create the database file (and its directory) readable by this user only, before SQLite does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, PRIVATE_DIR_MODE)
    # SQLite gives the -wal and -shm files the mode of the database file: set it first.
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE_MODE))
    for existing in path.parent.iterdir():  # the database, its WAL, the lock file; nobody else's files
        if existing.name.startswith(("leersessie", "secret_key")) and existing.is_file() and not existing.is_symlink():
            os.chmod(existing, PRIVATE_FILE_MODE)


class LoginRecords(Queries):
    """Mixed into Store: `_run` and `_one` come from there."""

    def add_login(self, login_id: str, account: str | None = None) -> None:
        """Record a new login (optionally of a named account)."""
        self._run("INSERT INTO logins (id_hash, account, created_at) VALUES (?, ?, ?)",
                  (login_hash(login_id), account, time.time()))

    def login(self, login_id: str, max_age: float) -> dict[str, Any] | None:
        """The login with this id, younger than `max_age` seconds, as {account, created_at}; else None."""
        row = self._one("SELECT account, created_at FROM logins WHERE id_hash = ? AND created_at > ?",
                        (login_hash(login_id), time.time() - max_age))
        return None if row is None else {"account": row["account"], "created_at": row["created_at"]}

    def revoke_login(self, login_id: str) -> None:
        """End one login (logout)."""
        self._run("DELETE FROM logins WHERE id_hash = ?", (login_hash(login_id),))

    def revoke_all_logins(self, account: str | None = None) -> None:
        """End every login (a new password or secret), or every login of one account."""
        if account is None:
            self._run("DELETE FROM logins")
        else:
            self._run("DELETE FROM logins WHERE account = ?", (account,))
