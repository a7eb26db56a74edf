"""Where things live on disk, for a clone and for an installed copy. Standard library only.

A clone keeps its database in `./instance` next to the code, as it always did; an installed
copy cannot write next to its code (site-packages), so it uses the user's data folder.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

CODE_ROOT = Path(__file__).resolve().parents[1]  # the checkout, or site-packages when installed


def is_checkout() -> bool:
    """True when the code runs from a clone (its pyproject.toml sits beside the packages)."""
    return (CODE_ROOT / "pyproject.toml").is_file()


def user_data_dir() -> Path:
    """The per-user data folder of an installed copy, by the platform's convention."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return (Path(base) if base else Path.home() / "AppData" / "Local") / "Leersessie"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Leersessie"
    base = os.environ.get("XDG_DATA_HOME")
    return (Path(base) if base else Path.home() / ".local" / "share") / "leersessie"


def fallback_data_dir() -> Path:
    """The data dir when neither --data-dir nor LEERSESSIE_DATA_DIR says otherwise."""
    return CODE_ROOT / "instance" if is_checkout() else user_data_dir()


def default_data_dir() -> Path:
    """Where the database lives unless --data-dir says otherwise."""
    configured = os.environ.get("LEERSESSIE_DATA_DIR")
    return Path(configured) if configured else fallback_data_dir()
