"""One server per data dir: an exclusive SQLite lock held for as long as `serve` runs.

SQLite locks its files through the operating system (byte-range locks on POSIX, LockFileEx on
Windows), and the operating system drops them when the process ends, however it ends: a crash
or a power cut never leaves a stale lock behind, and no process id has to be checked.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

LOCK_FILE = "leersessie.lock"


class DataDirInUse(Exception):
    """Another server holds the data dir."""


class DataDirLock:
    """An exclusive lock on `<data dir>/leersessie.lock`, held until `release()` or the process ends."""

    def __init__(self, data_dir: str | Path):
        self.path = Path(data_dir) / LOCK_FILE
        self._db: sqlite3.Connection | None = None

    def acquire(self, shared: bool = False) -> DataDirLock:
        """Take the lock at once, or raise DataDirInUse.

        `shared`: several servers with one message queue hold it together (the SHARED read lock of
        an open transaction); it still refuses, and is refused by, a server without one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=0, isolation_level=None, check_same_thread=False)
        try:
            if shared:
                db.execute("BEGIN")
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # takes the SHARED lock
            else:
                db.execute("PRAGMA locking_mode=EXCLUSIVE")
                db.execute("BEGIN EXCLUSIVE")  # never committed: the lock lasts as long as the connection
        except sqlite3.OperationalError as error:
            db.close()
            if "locked" in str(error) or "busy" in str(error):
                raise DataDirInUse(str(self.path.parent)) from None
            raise
        self._db = db
        return self

    def release(self) -> None:
        """Give the lock up (it also goes when the process ends)."""
        if self._db is not None:
            self._db.close()
            self._db = None
