"""The installable command: build the wheel, install it into a fresh venv outside the checkout, serve.

The wheel is built from a copy of the source tree (no build/ left-overs) and installed with
--no-deps into a new virtual environment in a temporary folder. Its dependencies (Flask,
eventlet, …) come from the test environment through a path file, so the test needs no network
beyond what building the wheel needs; that environment is installed from the lock files in
requirements/, and a test checks that every dependency the wheel names is pinned in
requirements/lock.txt at the version the wheel runs with. The project's own code, templates, static files, fonts
and sessions can only come from the wheel: the test checks that `run` and every package import
from the new venv, and serves a session from a working directory outside the checkout.
"""
from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import requests

from tests.server_process import REPO_ROOT, ServerProcess, console_client, csrf_token, login, phone_client, start_live

pytestmark = pytest.mark.timeout(300)

PACKAGED_DIRS = ("facilitator", "participant", "sessions", "web", "static")
IGNORED = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "instance", "__pycache__",
                                 "*.pyc", ".pytest_cache", "node_modules")


def _source_files(root: Path) -> set[str]:
    files = {"run.py"}
    for folder in PACKAGED_DIRS:
        for path in (root / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                files.add(path.relative_to(root).as_posix())
    return files


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel path, venv folder, the `leersessie` command) of a fresh install of the built wheel."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO_ROOT, source, ignore=IGNORED)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(work / "dist"),
                            str(source)], capture_output=True, text=True, timeout=240)
    assert built.returncode == 0, built.stdout + built.stderr
    # The packaging is clean: no "Package 'static.css' is absent from the `packages` configuration".
    assert "absent from the" not in built.stdout + built.stderr, built.stdout + built.stderr
    wheel = next((work / "dist").glob("leersessie-*.whl"))

    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    paths = sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)}, scheme="venv")
    # Dependencies from the test environment; a path file adds the folder without running its
    # own path files, so the editable install of the checkout stays out of the new venv.
    dependencies = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(paths["purelib"], "test_dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(Path(paths["scripts"]) / "python"),
                              "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
                             capture_output=True, text=True, timeout=240)
    assert install.returncode == 0, install.stdout + install.stderr
    return wheel, venv, Path(paths["scripts"]), Path(paths["purelib"]), work


def _environment(work: Path) -> dict:
    home = work / "home"
    home.mkdir(exist_ok=True)
    return {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "PYTHONPATH": ""}


def _run(command, work: Path, *args, env_extra=None):
    import os

    env = {key: value for key, value in os.environ.items() if not key.startswith("LEERSESSIE_")}
    env.update(_environment(work), **(env_extra or {}))
    outside = work / "elders"
    outside.mkdir(exist_ok=True)
    return subprocess.run([str(command), *args], cwd=outside, env=env, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_wheel_carries_everything_a_server_needs(installed):
    wheel, *_ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = _source_files(REPO_ROOT) - names
    assert not missing, f"not in the wheel: {sorted(missing)}"
    for needed in ("static/fonts/DejaVuSans.ttf", "static/vendor/socket.io.min.js",
                   "facilitator/templates/shared/error.html", "sessions/library/1-vertragen-en-verdragen.yaml"):
        assert needed in names
    assert not any(name.startswith(("tests/", "bench/", "docs/")) for name in names)
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "leersessie = facilitator.commandline.cli:launch" in zipfile.ZipFile(wheel).read(entry_points).decode()


def _pins(lock: Path) -> dict[str, str]:
    """name → version of a pip-compile lock file (names normalised as PEP 503 says)."""
    found = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", lock.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in found}


def test_the_wheel_runs_with_the_versions_the_lock_pins(installed):
    wheel, *_ = installed
    archive = zipfile.ZipFile(wheel)
    metadata = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    needed = [re.split(r"[\s<>=!~;\[(]", line.split(":", 1)[1].strip())[0]
              for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line]
    pins = _pins(REPO_ROOT / "requirements" / "lock.txt")
    test_pins = _pins(REPO_ROOT / "requirements" / "test-lock.txt")
    assert needed and pins
    for name in needed:
        key = re.sub(r"[-_.]+", "-", name).lower()
        assert key in pins, f"{name} is a dependency of the wheel but not in requirements/lock.txt: run make lock"
        assert key in test_pins, f"{name} is not in requirements/test-lock.txt: run make lock"
        assert importlib.metadata.version(name) == test_pins[key], f"{name} is not installed as the lock says"


def test_installed_code_comes_from_the_venv_not_the_checkout(installed):
    _, venv, scripts, purelib, work = installed
    shown = _run(scripts / "python", work, "-c",
                 "import run, web, facilitator, participant, sessions; "
                 "print(run.__file__); print(web.__file__); print(sessions.__file__)")
    assert shown.returncode == 0, shown.stderr
    for line in shown.stdout.split():
        assert Path(line).resolve().is_relative_to(purelib.resolve()), line
    # The console script imports facilitator.commandline.cli first: it must not pull in Flask (or anything
    # that would come before run.py's monkey patching).
    light = _run(scripts / "python", work, "-c",
                 "import sys, facilitator.commandline.cli; print(sorted(m for m in ('flask', 'eventlet', 'gevent', "
                 "'socketio', 'engineio', 'werkzeug') if m in sys.modules))")
    assert light.returncode == 0 and light.stdout.strip() == "[]", light.stdout + light.stderr


def test_installed_command_checks_sessions_and_sets_a_password_in_the_user_data_dir(installed):
    _, venv, scripts, purelib, work = installed
    command = scripts / "leersessie"
    helped = _run(command, work, "serve", "--help")
    assert helped.returncode == 0 and helped.stdout.startswith("usage: leersessie serve"), helped.stdout
    checked = _run(command, work, "check-sessions")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert len(re.findall(r"^OK ", checked.stdout, re.M)) == 6
    generated = _run(command, work, "set-password", "--generate")
    assert generated.returncode == 0, generated.stderr
    assert (work / "home" / "data" / "leersessie" / "leersessie.db").is_file()  # not in site-packages
    assert not (purelib / "instance").exists()


def test_installed_command_serves_a_session_from_outside_the_checkout(installed, tmp_path):
    _, venv, scripts, purelib, work = installed
    outside = work / "elders"
    outside.mkdir(exist_ok=True)
    server = ServerProcess(tmp_path / "data", command=[str(scripts / "leersessie")], cwd=outside,
                           env=_environment(work))
    clients = []
    try:
        server.start()
        for path in ("/static/vendor/socket.io.min.js", "/static/css/phone.css", "/static/js/phone.js", "/j"):
            assert requests.get(server.url + path, timeout=10).status_code == 200, path
        http = login(server)
        code = start_live(http)
        console = console_client(server, http, code)
        clients.append(console)
        console.wait_for("step_changed")
        phone = phone_client(server, code)
        clients.append(phone)
        assert phone.wait_for("step_changed")["code"] == code
        assert requests.get(f"{server.url}/qr/{code}.svg", timeout=10).status_code == 200
        pdf = http.get(f"{server.url}/console/live/{code}/export.pdf", timeout=60)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert b"DejaVu" in pdf.content  # the fonts came with the wheel
        # A session made in the editor goes to the user's data, never into site-packages.
        made = http.post(f"{server.url}/console/sessions/new", data={"title": "Eigen sessie",
                         "csrf_token": csrf_token(http)}, allow_redirects=False, timeout=10)
        assert made.status_code == 302
        assert (tmp_path / "data" / "sessions" / "eigen-sessie.yaml").is_file()
        assert sorted(path.name for path in (purelib / "sessions" / "library").iterdir()) == sorted(
            path.name for path in (REPO_ROOT / "sessions" / "library").iterdir())
        assert server.running
    finally:
        for client in clients:
            client.close()
        server.stop()
    assert "Traceback" not in server.log_text(), server.log_text()
