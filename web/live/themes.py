"""The server's side of themes: the themes worker process and the debounced re-runs.

The worker (`sessions.themes.worker`) is a subprocess speaking JSON lines, started on first use
(a server that never groups answers never loads the sentence encoder). A question's themes are
re-run when its answers change, at most once per DEBOUNCE quiet second and at least every
MAX_WAIT seconds while answers keep coming, for the questions whose Thema's view was opened (or
that have themes). The event loop never waits: a background task asks, the worker computes.
"""
from __future__ import annotations

import itertools
import json
import logging
import os
import subprocess
import sys
import threading
import time
from typing import Any

from flask import Flask, current_app

from sessions.themes import board
from web.extensions import services, socketio
from web.paths import CODE_ROOT

from .rooms import CONSOLE, room

log = logging.getLogger(__name__)
DEBOUNCE, MAX_WAIT, TICK = 1.0, 4.0, 0.25
REPLY_TIMEOUT = 60.0
RESTART_DELAYS = (0, 1, 2, 5, 10, 30)
ROOT = CODE_ROOT  # where run.py and the packages are


class ThemesWorker:
    """Owns the worker process; `group(texts)` is safe to call from any green thread."""

    def __init__(self, sleep: Any) -> None:
        self._sleep = sleep
        self._process: subprocess.Popen[bytes] | None = None
        self._ready = threading.Event()
        self._pending: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._stopping = False
        self._quick_deaths = 0       # workers in a row that died within a minute of starting
        self._not_before = 0.0       # monotonic time before which no new worker starts
        self._started_at = 0.0

    def group(self, texts: list[str], timeout: float = REPLY_TIMEOUT) -> list[dict[str, Any]] | None:
        """The worker's themes for the texts, or None (worker not up, died, or too slow)."""
        self._ensure_running()
        if self._process is None or not self._ready.wait(timeout) or self._process is None:
            return None  # no worker now (waiting before a restart), or it did not get ready
        request_id = next(self._ids)
        waiter: dict[str, Any] = {"event": threading.Event(), "themes": None}
        self._pending[request_id] = waiter
        try:
            line = json.dumps({"id": request_id, "texts": texts}, ensure_ascii=True).encode("ascii") + b"\n"
            with self._lock:
                self._process.stdin.write(line)  # type: ignore[union-attr]  # a pipe; AttributeError below
                self._process.stdin.flush()  # type: ignore[union-attr]
            waiter["event"].wait(timeout)
            themes: list[dict[str, Any]] | None = waiter["themes"]
            return themes
        except (OSError, ValueError, AttributeError):  # the worker died under us: the next run restarts it
            return None
        finally:
            self._pending.pop(request_id, None)

    def stop(self) -> None:
        """End the worker."""
        self._stopping = True
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def _ensure_running(self) -> None:
        with self._lock:
            if self._process is None and not self._stopping and time.monotonic() >= self._not_before:
                self._started_at = time.monotonic()
                self._ready.clear()
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "sessions.themes.worker", "--parent", str(os.getpid())],
                    cwd=str(ROOT), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                socketio.start_background_task(self._read, self._process)

    def _read(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None  # stdout=PIPE
        try:
            for line in iter(process.stdout.readline, b""):
                message = json.loads(line)
                if message.get("ready"):
                    log.info("themes worker ready in %s s", message.get("load_seconds"))
                    self._ready.set()
                    continue
                waiter = self._pending.get(message.get("id"))
                if waiter is not None:
                    waiter["themes"] = message.get("themes")
                    waiter["event"].set()
        except Exception:  # noqa: BLE001 - a garbled line: restart on the next request
            log.exception("themes worker reply unreadable")
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            with self._lock:
                if self._process is process:
                    self._process = None
                # A worker that cannot even start (a missing package) is not restarted in a tight loop.
                quick = time.monotonic() - self._started_at < 60
                self._quick_deaths = self._quick_deaths + 1 if quick else 0
                self._not_before = time.monotonic() + RESTART_DELAYS[min(self._quick_deaths, len(RESTART_DELAYS) - 1)]
            self._ready.set()  # wakes a request waiting for a worker that died while starting: it gets None
            for waiter in list(self._pending.values()):
                waiter["event"].set()


class ThemeScheduler:
    """Debounces re-runs per question and runs them in one background task."""

    def __init__(self, app: Flask, worker: ThemesWorker):
        self.app, self.worker = app, worker
        self.active: set[tuple[int, str]] = set()
        self.due: dict[tuple[int, str], tuple[float, float, bool]] = {}  # key -> (first, last asked, forced)
        self.last_input: dict[tuple[int, str], tuple[Any, ...]] = {}
        self.started = False

    def schedule(self, live_id: int, step_id: str, now: bool = False) -> None:
        """Note that a question's answers changed (now: run at the next tick, even if nothing changed)."""
        key, clock = (live_id, step_id), time.monotonic()
        self.active.add(key)
        first, _, forced = self.due.get(key, (clock, clock, False))
        self.due[key] = (clock - MAX_WAIT if now else first, clock, forced or now)
        if not self.started:
            self.started = True
            socketio.start_background_task(self._run)

    def answers_changed(self, live_id: int) -> None:
        """The broadcaster's hook: the current question of a run may have new or changed answers."""
        store = services().store
        found = store.live_by_id(live_id)
        if found is None or not found.step.is_question:
            return
        key = (live_id, found.step.id)
        # A question with themes in the store counts too: after a restart, or when the console's
        # "Thema's voorstellen" reached another server process (--message-queue).
        if key in self.active or (board.is_themable(found.step) and store.themes_for_step(*key)):
            self.schedule(*key)

    def _run(self) -> None:
        while True:
            socketio.sleep(TICK)  # type: ignore[arg-type]  # the stubs say int; a float works
            clock = time.monotonic()
            for key, (first, last, forced) in list(self.due.items()):
                if clock - last >= DEBOUNCE or clock - first >= MAX_WAIT:
                    self.due.pop(key, None)
                    try:
                        with self.app.app_context():
                            self.run_once(*key, forced=forced)
                    except Exception:  # noqa: BLE001 - one question's failure must not stop the others
                        log.exception("themes run failed")

    def run_once(self, live_id: int, step_id: str, forced: bool = False) -> None:
        """Group the question's answers if they changed since the last run (or when forced) and
        tell the consoles; nothing at all when nothing changed."""
        store = services().store
        # Only answers the screen may show go to the engine: a suggested label is made of their
        # words and may reach the screen, so a report-only answer's words must not be in it.
        answers = tuple(board.themable(store, live_id, step_id, screen=True))
        changed = self.last_input.get((live_id, step_id)) != answers
        if (changed or forced) and len(answers) >= 2:
            groups = self.worker.group([text for _, text in answers])
            if groups is None:
                self.schedule(live_id, step_id)  # worker starting or restarting: try again soon
                return
            board.apply_suggestion(store, live_id, step_id, [answer_id for answer_id, _ in answers], groups)
        self.last_input[(live_id, step_id)] = answers
        if changed or forced:
            emit_themes(live_id, step_id)


def scheduler() -> ThemeScheduler:
    """The theme scheduler of the current app."""
    found: ThemeScheduler = current_app.extensions["leersessie.themes"]
    return found


def emit_themes(live_id: int, step_id: str, to: str | None = None) -> None:
    """Send a question's board to the consoles of the run (or one console); refresh the screen."""
    data = board.board(services().store, live_id, step_id)
    socketio.emit("themes_updated", data, namespace=CONSOLE, to=to or room(live_id))
    if data["on_screen"]:
        current_app.extensions["leersessie.broadcaster"].mark(live_id)


def init_app(app: Flask) -> None:
    """Give the app its themes worker client and scheduler; the broadcaster tells it about answers."""
    worker = ThemesWorker(socketio.sleep)
    app.extensions["leersessie.themes"] = ThemeScheduler(app, worker)
    app.extensions["leersessie.broadcaster"].listeners.append(app.extensions["leersessie.themes"].answers_changed)
