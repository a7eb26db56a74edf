"""The screening worker: `python -m sessions.screening.worker`, one JSON object per line on stdin/stdout.

The server starts it as a subprocess, so deduce's 1 GB and its start-up time stay out of the
server, and a slow or crashed screener never blocks the event loop. Protocol (ASCII JSON lines):

    worker → {"ready": true, "load_seconds": 6.9}            once, when deduce is loaded
    server → {"id": 7, "text": "bij Sanne (7) …"}
    worker → {"id": 7, "findings": [[4, 9, "naam"], …]}      or {"id": 7, "error": "…"}
    server → {"batch": [[8, "tekst"], [9, "tekst"], …]}      texts that arrived together
    worker → {"replies": [[8, [[0, 5, "naam"]]], [9, null], …]}   in the same order; null: could
                                                                  not screen this one (held)

The worker ends when its stdin closes (the server stopped), and within a second when the
server dies in any way, even while deduce is still loading (then stdin is not yet read): on
Linux the kernel sends it SIGKILL when its parent dies (`PR_SET_PDEATHSIG`), and everywhere a
watchdog thread checks twice a second that the server (`--parent PID`) is still its parent.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from typing import Any


def serve(requests: Any, replies: Any, make_screener: Any = None) -> int:
    """Load the screener, announce readiness, then answer every request line until input ends."""
    started = time.perf_counter()
    if make_screener is None:
        from sessions.screening.screener import Screener as make_screener

    screener = make_screener()
    _send(replies, {"ready": True, "load_seconds": round(time.perf_counter() - started, 1)})
    for line in requests:
        request = None
        try:
            request = json.loads(line)
            reply: dict[str, Any]
            if "batch" in request:
                reply = {"replies": [[item[0], _findings(screener, item[1])] for item in request["batch"]]}
            else:
                reply = {"id": request["id"], "findings": screener.screen(str(request["text"])).to_json()}
        except Exception as error:  # noqa: BLE001 - one bad line must not end the worker
            reply = {"id": request.get("id") if isinstance(request, dict) else None, "error": type(error).__name__}
        _send(replies, reply)
    return 0


def _findings(screener: Any, text: Any) -> list[Any] | None:
    """One text of a batch: its findings, or None when it could not be screened (the others still are)."""
    try:
        findings: list[Any] = screener.screen(str(text)).to_json()
        return findings
    except Exception:  # noqa: BLE001 - one bad text must not cost the rest of the batch
        return None


def _send(replies: Any, message: dict[str, Any]) -> None:
    replies.write(json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n")
    replies.flush()


def watch_parent(parent: int | None, interval: float = 0.5) -> None:
    """End this process as soon as `parent` is gone (it never outlives its server)."""
    if parent is None:
        return
    _die_with_parent()
    if not parent_alive(parent):
        os._exit(0)  # the server died before we got here

    def watch() -> None:
        while parent_alive(parent):
            time.sleep(interval)
        os._exit(0)  # no clean-up to do: the worker holds nothing but memory
    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def parent_alive(parent: int) -> bool:
    """Whether the process `parent` still runs and is still our parent."""
    if os.name == "nt":
        import ctypes

        synchronize, wait_timeout = 0x00100000, 0x00000102
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(synchronize, False, parent)
        if not handle:
            return False
        try:
            return bool(kernel32.WaitForSingleObject(handle, 0) == wait_timeout)
        finally:
            kernel32.CloseHandle(handle)
    return os.getppid() == parent  # a dead parent's children are re-parented (to 1 or a subreaper)


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill this process the moment its parent dies (elsewhere: the watchdog)."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # no prctl (an unusual libc): the watchdog still works
            pass


def _parent_from(argv: list[str]) -> int | None:
    if len(argv) == 2 and argv[0] == "--parent" and argv[1].isdigit():
        return int(argv[1])
    return None


def main() -> int:
    """Entry point: binary stdin/stdout (no newline or code-page translation on Windows)."""
    watch_parent(_parent_from(sys.argv[1:]))
    replies = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything deduce or a library prints must not corrupt the protocol
    try:
        return serve(sys.stdin.buffer, replies)
    except (BrokenPipeError, KeyboardInterrupt):  # the server went away: nothing left to do
        return 0


if __name__ == "__main__":
    sys.exit(main())
