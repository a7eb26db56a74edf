"""The screening worker never outlives its server, and deduce's lists are built by one process at a time.

Real servers in subprocesses: the worker is found among the server's children and must be gone
within 2 s of the server's death, however it died and whatever the worker was doing.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.server_process import REPO_ROOT, ServerProcess

fcntl = pytest.importorskip("fcntl")  # the lock test holds the lock as a POSIX process would


def children(pid: int) -> list[int]:
    """Direct children of `pid` (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status  # a zombie has ended; only its parent has not waited yet


def worker_of(server: ServerProcess, timeout: float = 15.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.process is not None  # started
        for child in children(server.process.pid):
            if "sessions.screening.worker" in Path(f"/proc/{child}/cmdline").read_text():
                return child
        time.sleep(0.05)
    raise AssertionError(f"no screening worker started:\n{server.log_text()}")


def wait_gone(pid: int, within: float) -> float:
    started = time.monotonic()
    while alive(pid):
        if time.monotonic() - started > within:
            raise AssertionError(f"worker {pid} still runs {within} s after its server died")
        time.sleep(0.05)
    return time.monotonic() - started


def wait_ready(server: ServerProcess, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while "Controle op persoonsgegevens is klaar" not in server.log_text():
        assert time.monotonic() < deadline, server.log_text()
        time.sleep(0.2)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_worker_ends_with_its_server_while_still_loading(tmp_path, how):
    server = ServerProcess(tmp_path / "data", screening=True).start()
    try:
        worker = worker_of(server)
        assert "Controle op persoonsgegevens is klaar" not in server.log_text(), "loaded before the kill"
        server.process.send_signal(how)
        server.process.wait(10)
        wait_gone(worker, within=2.0)
    finally:
        server.kill9()


def test_worker_ends_with_its_server_once_ready_and_the_server_says_when_it_was_ready(tmp_path):
    server = ServerProcess(tmp_path / "data", screening=True).start()
    try:
        worker = worker_of(server)
        wait_ready(server)
        assert "enkele seconden" in server.log_text()  # the lists were built: no talk of minutes
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(10)
        wait_gone(worker, within=2.0)
    finally:
        server.kill9()


def test_a_worker_whose_server_is_already_gone_ends_at_once():
    # `--parent` names a process that is not its parent (as after the server died during the spawn).
    started = time.monotonic()
    worker = subprocess.run([sys.executable, "-m", "sessions.screening.worker", "--parent", "1"], cwd=REPO_ROOT,
                            stdin=subprocess.PIPE, capture_output=True, timeout=10)
    assert worker.returncode == 0 and worker.stdout == b""  # gone before deduce even loaded
    assert time.monotonic() - started < 5


def test_parent_alive_tells_a_living_parent_from_a_gone_one():
    from sessions.screening.worker import parent_alive

    assert parent_alive(os.getppid())
    assert not parent_alive(os.getpid())  # alive, but not our parent: the worker would have been re-parented


def test_a_second_build_waits_for_the_first_and_does_not_build_again(tmp_path):
    from sessions.screening.lists import LOCK_FILE, _deduce_paths, lists_ready

    assert lists_ready(), "make test prepares the lists before the tests"
    lock_path = _deduce_paths()[0] / "cache" / LOCK_FILE
    with open(lock_path, "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as a build in another process holds it
        # A fresh build is forced by a stamp for another version: the lock must make it wait.
        prepare = subprocess.Popen([sys.executable, "-c", _FORCED_BUILD], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        time.sleep(3)
        assert prepare.poll() is None, prepare.stdout.read()  # still waiting
        fcntl.flock(held.fileno(), fcntl.LOCK_UN)
    output, _ = prepare.communicate(timeout=60)
    assert prepare.returncode == 0, output
    assert "waited" in output and "built=False" in output  # ready by then: nothing built twice


# Waits for the lock like `prepare-screening`, then finds the lists ready and builds nothing.
_FORCED_BUILD = """
from sessions.screening import lists
print("built=%s" % lists.build_lists(waiting=lambda: print("waited", flush=True)))
"""


def test_a_torn_unstamped_file_is_never_adopted(tmp_path):
    from sessions.screening.lists import CACHE_FILE, _adopt_unstamped

    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / CACHE_FILE).write_bytes(b"\x80\x04\x95 torn in the middle of a wr")
    assert not _adopt_unstamped(tmp_path, "3.0.6")
    assert not (tmp_path / "cache" / "leersessie-built-for").exists()
