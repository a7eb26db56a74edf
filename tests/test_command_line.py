"""The command line as a user meets it: help with defaults, `make run`, `set-password`, portability."""
from __future__ import annotations

import ast
import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator.access.passwords import READABLE_ALPHABET, readable_password
from facilitator.commandline.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
READABLE = re.compile(rf"^[{READABLE_ALPHABET}]{{4}}(-[{READABLE_ALPHABET}]{{4}}){{2}}$")


def run_cli(*args, env_extra=None, stdin=subprocess.DEVNULL):
    env = {key: value for key, value in os.environ.items() if not key.startswith("LEERSESSIE_")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "run.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env, stdin=stdin)


def test_serve_help_explains_every_flag_with_its_default():
    serve = build_parser()._subparsers._group_actions[0].choices["serve"]
    shown = run_cli("serve", "--help")
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())
    for action in serve._actions:
        if action.dest == "help":
            continue
        assert action.option_strings[-1] in text
        assert action.help and "standaard" in action.help, action.dest
    for default in ("(standaard: 0.0.0.0)", "(standaard: 5000)", "(standaard: eventlet)", "standaard: uit",
                    "standaard: LEERSESSIE_DATA_DIR, anders"):
        assert default in text, default
    assert str(ROOT / "instance") in text  # a clone keeps its data in ./instance


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_takes_port_and_host():
    dry = subprocess.run(["make", "-n", "run", "PORT=5055", "HOST=127.0.0.1"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert "run.py serve --host 127.0.0.1 --port 5055" in dry.stdout, dry.stdout + dry.stderr
    plain = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                           env={**os.environ, "HOST": "machine-name"})  # zsh and tcsh set $HOST
    assert "run.py serve --host 0.0.0.0 --port 5000" in plain.stdout, plain.stdout + plain.stderr


def test_generated_passwords_are_readable_aloud():
    seen = {readable_password() for _ in range(2000)}
    assert len(seen) == 2000
    for password in seen:
        assert READABLE.match(password), password
        assert not password.startswith("-")
        assert not set(password) & set("0oO1lIi_")


def _login_works(data_dir: Path, password: str, monkeypatch) -> bool:
    from run import create_app
    from tests.conftest import csrf_of

    monkeypatch.delenv("LEERSESSIE_PASSWORD", raising=False)
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "ASYNC_MODE": "threading"})
    client = app.test_client()
    response = client.post("/login", data={"password": password, "csrf_token": csrf_of(client)})
    return response.status_code == 302


def _typed(args: list[str], lines: list[str]) -> tuple[int, str]:
    """Run a command on a pseudo-terminal, typing `lines` when it asks; (status, everything printed)."""
    import pty

    controller, terminal = pty.openpty()
    env = {key: value for key, value in os.environ.items() if not key.startswith("LEERSESSIE_")}
    process = subprocess.Popen([sys.executable, "run.py", *args], cwd=ROOT, env=env, stdin=terminal,
                               stdout=terminal, stderr=terminal, start_new_session=True)
    os.close(terminal)
    output, pending = b"", list(lines)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if pending and output.endswith(b": "):  # a prompt, not the newline after an answer
                os.write(controller, pending.pop(0).encode() + b"\n")
        elif process.poll() is not None:
            break
    os.close(controller)
    return process.wait(10), output.decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="the test types on a POSIX pseudo-terminal")
def test_set_password_asks_twice(tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    status, printed = _typed(["set-password", "--data-dir", str(data_dir)], ["zomer-avond-42", "zomer-avond-42"])
    assert status == 0, printed
    assert printed.count("wachtwoord") >= 1 and "Nog een keer" in printed
    assert "zomer-avond-42" not in printed  # not echoed
    assert _login_works(data_dir, "zomer-avond-42", monkeypatch)

    status, printed = _typed(["set-password", "--data-dir", str(data_dir)], ["anders-dan-eerst", "typfout-hier"])
    assert status == 1 and "niet gelijk" in printed
    assert _login_works(data_dir, "zomer-avond-42", monkeypatch)  # nothing changed

    status, printed = _typed(["set-password", "--data-dir", str(data_dir)], [""])  # empty: make one
    assert status == 0, printed
    generated = re.search(rf"[{READABLE_ALPHABET}]{{4}}-[{READABLE_ALPHABET}]{{4}}-[{READABLE_ALPHABET}]{{4}}", printed)
    assert generated, printed
    assert _login_works(data_dir, generated.group(0), monkeypatch)


def test_set_password_from_environment_generated_or_refused(tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    from_env = run_cli("set-password", "--data-dir", str(data_dir),
                       env_extra={"LEERSESSIE_PASSWORD": "uit-de-omgeving"})
    assert from_env.returncode == 0, from_env.stderr
    assert "uit-de-omgeving" not in from_env.stdout
    assert _login_works(data_dir, "uit-de-omgeving", monkeypatch)

    generated = run_cli("set-password", "--data-dir", str(data_dir), "--generate")
    assert generated.returncode == 0, generated.stderr
    password = re.search(r"één keer getoond\): (\S+)", generated.stdout).group(1)
    assert READABLE.match(password)
    assert _login_works(data_dir, password, monkeypatch)
    assert not _login_works(data_dir, "uit-de-omgeving", monkeypatch)

    no_terminal = run_cli("set-password", "--data-dir", str(data_dir))
    assert no_terminal.returncode == 1 and "LEERSESSIE_PASSWORD" in no_terminal.stderr
    too_short = run_cli("set-password", "--data-dir", str(data_dir), env_extra={"LEERSESSIE_PASSWORD": "kort"})
    assert too_short.returncode == 1 and "minstens" in too_short.stderr
    assert _login_works(data_dir, password, monkeypatch)


def test_first_start_generates_a_readable_password(tmp_path, monkeypatch):
    from run import create_app

    monkeypatch.delenv("LEERSESSIE_PASSWORD", raising=False)
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "ASYNC_MODE": "threading"})
    assert READABLE.match(app.config["GENERATED_PASSWORD"])


POSIX_ONLY_MODULES = {"fcntl", "pwd", "grp", "termios", "tty", "pty", "resource", "posix", "syslog", "crypt"}
POSIX_ONLY_CALLS = {"fork", "forkpty", "setsid", "getuid", "geteuid", "killpg", "getpgid", "setpgrp", "chown"}
POSIX_ONLY_SIGNALS = {"SIGHUP", "SIGKILL", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGQUIT", "SIGPIPE"}


def _serving_modules() -> list[Path]:
    files = [ROOT / "run.py"]
    for folder in ("facilitator", "participant", "sessions", "web"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def _platform_guarded(tree: ast.AST) -> set[int]:
    """ids of the nodes under an `if` that asks os.name or sys.platform (either branch): chosen per system."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and re.search(r"\bos\.name\b|\bsys\.platform\b", ast.unparse(node.test)):
            guarded.update(id(inner) for branch in (node.body, node.orelse) for part in branch
                           for inner in ast.walk(part))
    return guarded


def test_nothing_on_the_serving_path_needs_posix_only_apis():
    problems = []
    for path in _serving_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = _platform_guarded(tree)
        for node in ast.walk(tree):
            if id(node) in guarded:
                continue
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Import):
                problems += [f"{where} import {a.name}" for a in node.names
                             if a.name.split(".")[0] in POSIX_ONLY_MODULES]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in POSIX_ONLY_MODULES:
                problems.append(f"{where} from {node.module}")
            elif isinstance(node, ast.Attribute) and node.attr in POSIX_ONLY_CALLS | POSIX_ONLY_SIGNALS:
                problems.append(f"{where} .{node.attr}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("/proc"):
                problems.append(f"{where} {node.value!r}")
    assert not problems, "POSIX-only on the serving path:\n" + "\n".join(problems)


def test_the_posix_check_sees_an_unguarded_call_and_lets_a_guarded_one_pass():
    tree = ast.parse("import fcntl\nif os.name != 'nt':\n    import fcntl\nelse:\n    import msvcrt\n")
    guarded = _platform_guarded(tree)
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import)]
    assert [id(node) in guarded for node in imports] == [False, True, True]
