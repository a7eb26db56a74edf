"""Command-line work besides serving: check session files, export, demo, start-up banner."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.errors import SessionFileError
from sessions.files.loader import LIBRARY_DIR, load_library, load_session, session_files
from sessions.store.database import Store
from web.paths import default_data_dir

if TYPE_CHECKING:
    from flask import Flask


def check_sessions(args: argparse.Namespace) -> int:
    """Validate session files: one line per file, exit 1 on any error."""
    paths = [Path(p) for p in args.paths] or session_files(LIBRARY_DIR) + session_files(own_sessions_dir())
    files: list[Path] = []
    for path in paths:
        files.extend(session_files(path) if path.is_dir() else [path])
    if not files:
        print("geen sessiebestanden gevonden", file=sys.stderr)
        return 1
    failed = False
    for path in files:
        try:
            session = load_session(path)
        except SessionFileError as error:
            failed = True
            print(f"FOUT {_shown(path)}")
            for line in error.errors:
                print(f"  {line}")
            continue
        print(f"OK {_shown(path)} — {session.title}, {len(session.steps)} steps")
    return 1 if failed else 0


def own_sessions_dir() -> Path:
    """The user's own sessions folder as `serve` uses it without --sessions-dir (it may not exist yet)."""
    configured = os.environ.get("LEERSESSIE_SESSIONS_DIR")
    return Path(configured) if configured else default_data_dir() / "sessions"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def open_store(args: argparse.Namespace) -> Store:
    """The store of the data dir a command was given (or the default one)."""
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    return Store(data_dir / "leersessie.db")


def export(args: argparse.Namespace) -> int:
    """Write the opbrengst of one or more live sessions to a file."""
    from facilitator.export import render, word_template  # reportlab loads only for the command that needs it
    from sessions.live import normalize_code
    from sessions.opbrengst import build_opbrengst

    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    template = None
    if args.template and args.format != "docx":
        print("fout: --template hoort bij --format docx", file=sys.stderr)
        return 2
    if args.format == "docx":
        try:
            template = word_template.read_file(Path(args.template)) if args.template else word_template.stored(data_dir)
        except word_template.TemplateProblem as problem:
            print(f"fout: {problem.message}", file=sys.stderr)
            return 1
    store = open_store(args)
    lives = []
    for code in args.codes:
        found = store.live_by_code(normalize_code(code))
        if found is None:
            print(f"fout: onbekende code {code!r}", file=sys.stderr)
            return 1
        lives.append(found)
    body = render([build_opbrengst(store, found) for found in lives], args.format, template)
    try:
        Path(args.output).write_bytes(body)
    except OSError as error:
        print(f"fout: kan {args.output} niet schrijven ({error.strerror or error})", file=sys.stderr)
        return 1
    print(f"{args.output}: {len(lives)} leersessie(s), {len(body) // 1024} KB")
    return 0


def demo(args: argparse.Namespace) -> int:
    """Create a finished live session with sample answers for every library session."""
    from sessions.demo import create_demo

    sessions, errors = load_library(args.sessions_dir or LIBRARY_DIR)
    for line in errors:
        print(f"overgeslagen: {line}", file=sys.stderr)
    store = open_store(args)
    for live in create_demo(store, sorted(sessions.values(), key=lambda s: (s.number or 999, s.id)), args.responses):
        print(f"{live.code}  {live.content.title}")
    return 0


def announce(app: Flask, host: str, port: int) -> None:
    """Print where to go, the generated password (once) and the join QR code.

    The join address is the one the console and the QR code show (`public_base_url`), so the
    terminal, the console and the beamer always agree; a loopback-only server says so.
    """
    from web.network import LOOPBACK_WARNING, WILDCARD_HOSTS, phones_can_reach, public_base_url, qr_terminal

    local = "127.0.0.1" if host in WILDCARD_HOSTS else host
    local = f"[{local}]" if ":" in local else local
    configured, behind_proxy = app.config.get("PUBLIC_URL"), bool(app.config.get("BEHIND_PROXY"))
    public = None
    if behind_proxy and not configured:
        print("Telefoons: het adres van de proxy met /j erachter (geef --public-url op om het hier te tonen).",
              flush=True)
    else:
        public = public_base_url(f"{local}:{port}", "http", configured, host, behind_proxy)
        print(f"Telefoons: {public}/j  (of scan de QR-code)", flush=True)
        if not phones_can_reach(public):
            print("Let op: " + LOOPBACK_WARNING.format(host=f"{public}/"), flush=True)
    if public:
        print(qr_terminal(f"{public}/j"), flush=True)
    # Last, where the eye lands when the output stops: where to go and how to get in.
    print(f"Leersessie draait. Console: http://{local}:{port}/console", flush=True)
    if app.config.get("GENERATED_PASSWORD"):
        print(f"Wachtwoord facilitator (wordt één keer getoond): {app.config['GENERATED_PASSWORD']}", flush=True)
    elif app.config.get("PASSWORD") or os.environ.get("LEERSESSIE_PASSWORD"):
        print("Wachtwoord: uit LEERSESSIE_PASSWORD.", flush=True)
    else:
        print("Wachtwoord: zoals bij de eerste start getoond. Vergeten? Kies een nieuw met: "
              f"{set_password_command()}", flush=True)


def set_password_command() -> str:
    """The command that sets the password, as this copy runs it (a clone: `.venv/bin/python run.py …`)."""
    from web.paths import CODE_ROOT, is_checkout

    if not is_checkout():
        return "leersessie set-password"
    python = Path(sys.executable)
    try:
        python = python.relative_to(Path.cwd()) if python.is_relative_to(Path.cwd()) else python
        script = (CODE_ROOT / "run.py").relative_to(Path.cwd())
    except ValueError:
        script = CODE_ROOT / "run.py"
    return f"{python} {script} set-password"
