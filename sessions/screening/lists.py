"""deduce's lookup lists: built once per install, by one process at a time, and never half-written.

deduce builds its lists (1–2 minutes) on first use and pickles them into its own package folder
with a plain `open(…, "wb")`: two processes building at once (two servers, or a server and
`prepare-screening`) would both build and could leave a torn file that every later start trips
over. Here a build happens under an exclusive file lock, into a temporary folder, and lands by
`os.replace`; a stamp beside it says which deduce version built it. Loading needs no lock: the
file in place is always whole.

A build is also kept outside the venv, in the user's cache folder (`LEERSESSIE_CACHE_DIR`, else
`$XDG_CACHE_HOME/leersessie` or ~/.cache/leersessie), under deduce's version and a hash of its
list sources: a fresh clone's set-up then copies the lists in (seconds) instead of building them.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CACHE_FILE = "lookup_structs.pickle"
SOURCES_TIME = 946684800  # 2000-01-01: older than any build (see _copy_kept)
STAMP_FILE = "leersessie-built-for"
LOCK_FILE = "leersessie-build.lock"


def _deduce_paths() -> tuple[Path, str]:
    """deduce's lookup folder and version, found without importing deduce (the server never loads it)."""
    spec = importlib.util.find_spec("deduce")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("deduce is not installed")
    return Path(spec.origin).parent / "data" / "lookup", importlib.metadata.version("deduce")


def lists_ready() -> bool:
    """Whether the lists are built for this deduce version (the next load takes seconds, not minutes)."""
    lookup, version = _deduce_paths()
    cache = lookup / "cache"
    try:
        stamp = (cache / STAMP_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return stamp == version and (cache / CACHE_FILE).is_file()


def kept_build_exists() -> bool:
    """Whether a build for this deduce version is kept in the user's cache folder (a copy, not a build)."""
    lookup, version = _deduce_paths()
    return _kept_copy(lookup, version).is_file()


def load_deduce() -> Any:
    """A `Deduce` with its lists, building them first (once, under the lock) when they are missing."""
    from deduce import Deduce

    lookup, _version = _deduce_paths()
    if not lists_ready():
        build_lists()
    try:
        return Deduce(lookup_data_path=lookup, cache_path=lookup)
    except Exception:  # noqa: BLE001 - unpickling a torn file fails in any number of ways
        # A file torn by an older, unlocked build: build it again, properly.
        build_lists(force=True)
        return Deduce(lookup_data_path=lookup, cache_path=lookup)


def build_lists(force: bool = False, waiting: Callable[[], None] | None = None) -> bool:
    """Build the lists unless another process did meanwhile; True when this call built them."""
    from deduce import Deduce

    lookup, version = _deduce_paths()
    cache = lookup / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    with _exclusive(cache / LOCK_FILE, waiting):
        if lists_ready() and not force:
            return False  # another process built them while we waited for the lock
        if not force and _adopt_unstamped(lookup, version):
            return False
        scratch = Path(tempfile.mkdtemp(prefix=".building-", dir=cache))
        try:
            kept = _kept_copy(lookup, version)
            if force or not _copy_kept(kept, lookup, scratch / "cache" / CACHE_FILE):
                Deduce(lookup_data_path=lookup, cache_path=scratch, build_lookup_structs=True)
                _keep(scratch / "cache" / CACHE_FILE, kept)
            (scratch / "cache" / STAMP_FILE).write_text(version, encoding="utf-8")
            _flush(scratch / "cache" / CACHE_FILE)
            os.replace(scratch / "cache" / CACHE_FILE, cache / CACHE_FILE)
            os.replace(scratch / "cache" / STAMP_FILE, cache / STAMP_FILE)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return True


def _kept_copy(lookup: Path, version: str) -> Path:
    """Where a build for this deduce version and these list sources is kept for other installs."""
    base = os.environ.get("LEERSESSIE_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "leersessie"
    digest = hashlib.sha256()
    for path in sorted((lookup / "src").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:  # bytecode differs between installs
            digest.update(path.relative_to(lookup).as_posix().encode() + b"\0" + path.read_bytes())
    return Path(base) / f"deduce-{version}-{digest.hexdigest()[:16]}" / CACHE_FILE


def _copy_kept(kept: Path, lookup: Path, target: Path) -> bool:
    """Copy the kept build to `target`; False when there is none.

    deduce throws its lists away when a source file is newer than the build, and a fresh install's
    sources are new files with the same content (the hash in the kept path says so): they get an
    old modification time. (Rewriting the build's date instead means unpickling 75 MB: slow.)
    """
    if not kept.is_file():
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kept, target)
        for path in [lookup / "src", *(lookup / "src").rglob("*")]:  # folders too: deduce checks them
            os.utime(path, (SOURCES_TIME, SOURCES_TIME))
    except OSError:
        return False
    return True


def _keep(built: Path, kept: Path) -> None:
    """Keep a copy of a fresh build for other installs; a cache folder that cannot be written is skipped."""
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f".{kept.name}.{os.getpid()}")
        shutil.copyfile(built, partial)
        os.replace(partial, kept)
    except OSError:
        pass


def _adopt_unstamped(lookup: Path, version: str) -> bool:
    """Stamp lists that a plain deduce (or an older Leersessie) built, when deduce accepts them."""
    from deduce.lookup_structs import load_lookup_structs_from_cache

    cache = lookup / "cache"
    if not (cache / CACHE_FILE).is_file():
        return False
    try:
        usable = load_lookup_structs_from_cache(cache_path=lookup, deduce_version=version) is not None
    except Exception:  # noqa: BLE001 - unpickling a torn file fails in any number of ways
        usable = False
    if usable:
        (cache / STAMP_FILE).write_text(version, encoding="utf-8")
    return usable


def _flush(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


@contextmanager
def _exclusive(path: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `path` (released by the OS if this process dies)."""
    with open(path, "a+b") as handle:
        if not _try_lock(handle):
            if waiting is not None:
                waiting()
            while not _try_lock(handle):
                time.sleep(0.2)
        try:
            yield
        finally:
            _unlock(handle)


def _try_lock(handle: Any) -> bool:
    try:
        if sys.platform == "win32":  # (not os.name: mypy reads sys.platform)
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(handle: Any) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
