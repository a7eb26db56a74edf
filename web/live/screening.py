"""The server's side of screening: the worker process, its status, and screening one text.

The worker (`sessions.screening.worker`) is a subprocess speaking JSON lines. Started with
`subprocess.Popen` and `sys.executable` (no fork: it works on Windows too); under eventlet and
gevent the patched subprocess pipes are cooperative, in threading mode the reader is a thread.
A dead worker is started again. While it is not ready, `screen` returns None and the domain
holds text answers (the safe default).

Texts that arrive together travel together: `screen` puts its text in a queue, and one sender
task writes everything queued as one request line (`{"batch": [[id, text], …]}`). It does not
wait for the reply before the next line: on a busy machine each round trip costs two process
wake-ups of tens of milliseconds, so the worker is kept fed instead. A room answering in the
same instant thus costs a few request lines instead of one round trip per answer, and a lone
answer still goes out at once. A worker that has texts and answers none of them for
ANSWER_TIMEOUT is stuck: its texts are held. A busy worker is not a stuck one (texts waiting in
the queue, or behind others in the pipe, do not count), nor is a starved server (the replies
waiting in the pipe are read before anything is held).
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

from sessions.review import queue as review_queue
from sessions.screening.screener import ScreenResult, result_from_json
from web.extensions import services, socketio
from web.paths import CODE_ROOT

from .rooms import CONSOLE, room

log = logging.getLogger(__name__)
OFF, STARTING, READY = "off", "starting", "ready"
RETRY_SECONDS = 10  # how often answers held because screening timed out are tried again
ANSWER_TIMEOUT = 2.0  # a worker with texts that answers nothing for this long is stuck: its texts are held
MAX_BATCH = 128  # texts per request line: a burst's first answers commit while the rest is screened
QUEUE_TIMEOUT = 60.0  # the longest a text waits in all, queue included (the worker is busy, not stuck)
RESTART_DELAYS = (1, 2, 5, 10, 30)
ROOT = CODE_ROOT  # where run.py and the packages are


class _Reply:
    """One request waiting for the worker's answer."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.findings = None


class ScreeningService:
    """Owns the worker process; `screen(text)` is safe to call from any green thread or thread."""

    def __init__(self, enabled: bool, spawn: Any, sleep: Any) -> None:
        self.enabled = enabled
        self.status = STARTING if enabled else OFF
        self.load_seconds: float | None = None
        self.listeners: list[Any] = []  # called with the new status after every change
        self._spawn, self._sleep = spawn, sleep
        self._process: subprocess.Popen[bytes] | None = None
        self._pending: dict[int, _Reply] = {}
        self._ids = itertools.count(1)
        self._queue: list[tuple[int, str]] = []  # (request id, text) not yet sent to the worker
        self._wake = threading.Event()  # set when the queue got a text
        self._in_flight: set[int] = set()  # request ids written to the worker and not answered yet
        self._last_progress = time.monotonic()  # the last reply, or the write that gave an idle worker work
        self._started = False
        self._stopping = False

    @property
    def stopping(self) -> bool:
        """True once `stop` was called: the worker is not started again."""
        return self._stopping

    def start(self) -> None:
        """Start the worker (once); a no-op when screening is off."""
        if self.enabled and not self._started:
            self._started = True
            self._spawn(self._supervise)
            self._spawn(self._send_batches)

    def stop(self) -> None:
        """End the worker (closing its stdin ends it)."""
        self._stopping = True
        self._wake.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def screen(self, text: str, timeout: float = QUEUE_TIMEOUT) -> ScreenResult | None:
        """What the worker found in `text`; an empty result when off; None when it cannot answer now."""
        if not self.enabled:
            return ScreenResult()
        if self.status != READY or self._process is None:
            return None
        request_id, reply = next(self._ids), _Reply()
        self._pending[request_id] = reply
        try:
            self._queue.append((request_id, text))
            self._wake.set()
            if not reply.event.wait(timeout) or reply.findings is None:
                return None
            return result_from_json(reply.findings)
        except (TypeError, ValueError):  # a reply the worker should never send: hold
            return None
        finally:
            self._pending.pop(request_id, None)

    def _send_batches(self) -> None:
        """The one sender: everything queued goes out as one line; overdue texts are held."""
        while not self._stopping:
            self._wake.wait(self._until_next_deadline())
            self._wake.clear()  # before taking the queue: a text queued after this wakes the next round
            self._hold_overdue()
            while self._queue and not self._stopping:
                batch = self._queue[:MAX_BATCH]
                del self._queue[:MAX_BATCH]
                if not self._write(batch):
                    for request_id, _ in batch:  # findings None: those answers are held
                        self._release(request_id, None)
                    continue
                if not self._in_flight:
                    self._last_progress = time.monotonic()
                self._in_flight.update(request_id for request_id, _ in batch)

    def _until_next_deadline(self) -> float | None:
        if not self._in_flight:
            return None
        return max(0.05, self._last_progress + ANSWER_TIMEOUT - time.monotonic())

    def _hold_overdue(self) -> None:
        """A stuck worker costs held answers (findings None), never answers waiting for ever."""
        if not self._in_flight or time.monotonic() - self._last_progress < ANSWER_TIMEOUT:
            return
        self._sleep(0.05)  # a starved server: let the reader take the replies waiting in the pipe first
        if self._in_flight and time.monotonic() - self._last_progress >= ANSWER_TIMEOUT:
            log.warning("screening worker answered nothing for %.0f s: %d answers held", ANSWER_TIMEOUT,
                        len(self._in_flight))
            for request_id in list(self._in_flight):
                self._release(request_id, None)

    def _write(self, batch: list[tuple[int, str]]) -> bool:
        process = self._process
        if process is None or self.status != READY:
            return False
        line = json.dumps({"batch": batch}, ensure_ascii=True).encode("ascii") + b"\n"
        try:
            process.stdin.write(line)  # type: ignore[union-attr]  # a pipe (stdin=PIPE); AttributeError below
            process.stdin.flush()  # type: ignore[union-attr]
        except (OSError, ValueError, AttributeError):  # the worker died under us: hold, it restarts
            return False
        return True

    def _release(self, request_id: Any, findings: Any) -> None:
        self._in_flight.discard(request_id)
        reply = self._pending.get(request_id)
        if reply is not None:
            reply.findings = findings
            reply.event.set()

    def _set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            # In their own task: a listener may screen, and this task is the one reading the replies.
            self._spawn(self._notify, status)

    def _notify(self, status: str) -> None:
        for listener in self.listeners:
            try:
                listener(status)
            except Exception:  # noqa: BLE001 - a listener must not stop the others
                log.exception("screening listener failed")

    def _supervise(self) -> None:
        for attempt in itertools.count():
            if self._stopping:
                return
            started = time.monotonic()
            try:
                self._run_worker()
            except Exception:  # noqa: BLE001 - keep the supervisor alive
                log.exception("screening worker failed")
            self._set_status(STARTING)
            self._in_flight.clear()
            for reply in list(self._pending.values()):
                reply.event.set()  # findings None: those answers are held
            if self._stopping:
                return
            quick_death = time.monotonic() - started < 60
            self._sleep(RESTART_DELAYS[min(attempt, len(RESTART_DELAYS) - 1)] if quick_death else 1)

    def _run_worker(self) -> None:
        self._process = worker = subprocess.Popen([sys.executable, "-m", "sessions.screening.worker",
                                                   "--parent", str(os.getpid())], cwd=str(ROOT),
                                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert worker.stdout is not None  # stdout=PIPE
        try:
            for line in iter(worker.stdout.readline, b""):
                message = json.loads(line)
                if message.get("ready"):
                    self.load_seconds = message.get("load_seconds")
                    self._set_status(READY)
                    continue
                # An error line (a batch the worker could not read) leaves its texts to their deadline: held.
                self._last_progress = time.monotonic()
                for request_id, findings in message.get("replies", ()):
                    self._release(request_id, findings)
        finally:
            process, self._process = self._process, None
            if process.poll() is None:
                process.kill()
            process.wait()


STATUS_TEXT = {OFF: "Controle op persoonsgegevens staat uit: antwoorden gaan zonder controle naar het scherm.",
               STARTING: "Controle op persoonsgegevens start op… "
                         "Open antwoorden wachten tot dan in de beoordelingslijst.",
               READY: ""}
_last_sent: dict[tuple[Any, ...], str] = {}


def screening() -> ScreeningService:
    """The screening service of the current app."""
    found: ScreeningService = current_app.extensions["leersessie.screening"]
    return found


def review_data(store: Any, found: Any) -> dict[str, Any]:
    """What `review_updated` carries to the console: screening status, switches and the held answers."""
    service = screening()
    return {"screening": service.status, "screening_text": STATUS_TEXT[service.status],
            "settings": review_queue.review_settings(store, found), "items": review_queue.queue(store, found)}


def emit_review(live_id: int, to: str | None = None) -> None:
    """Send the review list to the console room (only when it changed), or to one console."""
    store = services().store
    found = store.live_by_id(live_id)
    if found is None:
        return
    data = review_data(store, found)
    encoded = json.dumps(data, sort_keys=True)
    if to is None:
        app_id = id(current_app._get_current_object())  # type: ignore[attr-defined]  # werkzeug's LocalProxy
        if _last_sent.get((app_id, live_id)) == encoded:
            return
        _last_sent[(app_id, live_id)] = encoded
    socketio.emit("review_updated", data, namespace=CONSOLE, to=to or room(live_id))


def rescreen(app: Flask, service: ScreeningService, every_live: bool) -> None:
    """Screen held-as-unscreened answers again (when ready); mark the live sessions whose view changed."""
    with app.app_context():
        store = app.extensions["leersessie"].store
        changed = review_queue.rescreen_unscreened(store, service.screen) if service.status == READY else set()
        broadcaster = app.extensions["leersessie.broadcaster"]
        for found in store.list_lives():
            if found.id in changed or (every_live and found.is_live):
                broadcaster.mark(found.id)
                _last_sent.pop((id(app), found.id), None)


def init_app(app: Flask) -> None:
    """Give the app its screening service (started by `serve`, not here: CLI commands need no worker)."""
    service = ScreeningService(bool(app.config.get("SCREENING", True)), socketio.start_background_task, socketio.sleep)
    app.extensions["leersessie.screening"] = service

    def status_changed(status: str) -> None:
        if status == READY:
            rescreen(app, service, every_live=True)
            if not retrying:
                retrying.append(socketio.start_background_task(retry_while_ready))
        else:
            rescreen(app, service, every_live=True)  # the consoles learn the new status

    def retry_while_ready() -> None:
        # An answer whose screening timed out while the worker was ready (a stalled worker, a
        # burst) is held as unscreened; no status change would ever bring it back. Look again.
        while not service.stopping:
            socketio.sleep(RETRY_SECONDS)
            if service.status == READY:
                rescreen(app, service, every_live=False)
    retrying: list[Any] = []
    service.listeners.append(status_changed)
