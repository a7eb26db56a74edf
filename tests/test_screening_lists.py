"""deduce's built lists kept outside the venv: a fresh clone's set-up copies them instead of building."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

from deduce.lookup_structs import load_lookup_structs_from_cache

from sessions.screening.lists import CACHE_FILE, _copy_kept, _keep, _kept_copy

VERSION = "3.0.6"


def _lookup(root: Path, text: str = "Jansen\nde Vries\n") -> Path:
    """A stand-in for deduce's lookup folder: list sources, written just now."""
    (root / "src" / "names").mkdir(parents=True)
    (root / "src" / "names" / "surnames.txt").write_text(text, encoding="utf-8")
    return root


def test_a_kept_build_is_copied_in_and_deduce_takes_it_although_the_sources_are_newer(tmp_path, monkeypatch):
    monkeypatch.setenv("LEERSESSIE_CACHE_DIR", str(tmp_path / "kept"))
    first = _lookup(tmp_path / "first")
    built = tmp_path / "built.pickle"
    with open(built, "wb") as stream:  # what deduce saves, built an hour ago
        pickle.dump({"deduce_version": VERSION, "saved_datetime": "2026-01-01 09:00:00.000000",
                     "lookup_structs": {"surnames": ["Jansen", "de Vries"]}}, stream)
    kept = _kept_copy(first, VERSION)
    _keep(built, kept)
    assert kept.is_file() and str(kept).startswith(str(tmp_path / "kept"))

    # Another install: the same sources as new files (a fresh venv), so newer than the build.
    time.sleep(0.01)
    second = _lookup(tmp_path / "second")
    os.utime(second / "src" / "names" / "surnames.txt")
    assert _kept_copy(second, VERSION) == kept
    assert load_lookup_structs_from_cache(cache_path=second, deduce_version=VERSION) is None  # nothing yet
    assert _copy_kept(kept, second, second / "cache" / CACHE_FILE)
    assert load_lookup_structs_from_cache(cache_path=second, deduce_version=VERSION) == {
        "surnames": ["Jansen", "de Vries"]}


def test_other_sources_or_another_deduce_never_get_the_kept_build(tmp_path, monkeypatch):
    monkeypatch.setenv("LEERSESSIE_CACHE_DIR", str(tmp_path / "kept"))
    one = _kept_copy(_lookup(tmp_path / "one"), VERSION)
    assert _kept_copy(_lookup(tmp_path / "other", "Jansen\nBakker\n"), VERSION) != one
    assert _kept_copy(_lookup(tmp_path / "newer"), "3.0.7") != one
    compiled = _lookup(tmp_path / "compiled")  # an install that byte-compiled deduce's package files
    (compiled / "src" / "__pycache__").mkdir()
    (compiled / "src" / "__pycache__" / "__init__.cpython-311.pyc").write_bytes(b"\x00bytecode")
    assert _kept_copy(compiled, VERSION) == one


def test_a_missing_kept_build_means_building(tmp_path):
    assert not _copy_kept(tmp_path / "nothing.pickle", _lookup(tmp_path / "lookup"), tmp_path / "cache" / CACHE_FILE)
    assert not (tmp_path / "cache").exists()


def test_prepare_says_copy_or_build_by_what_the_cache_holds(tmp_path):
    """`prepare-screening` promises seconds only when a kept build will be copied, minutes otherwise."""
    probe = "from sessions.screening.lists import kept_build_exists; print(kept_build_exists())"
    empty = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).resolve().parents[1], capture_output=True,
                           text=True, env={**os.environ, "LEERSESSIE_CACHE_DIR": str(tmp_path)}, timeout=60)
    assert empty.stdout.strip() == "False", empty.stderr
