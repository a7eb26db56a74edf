"""The screening worker: `python -m sessions.screening.worker`, one JSON object per line on stdin/stdout.

The server starts it as a subprocess, so deduce's 1 GB and its start-up time stay out of the
server, and a slow or crashed screener never blocks the event loop. Protocol (ASCII JSON lines):

    worker → {"ready": true, "load_seconds": 6.9}            once, when deduce is loaded
    server → {"id": 7, "text": "bij Sanne (7) …"}
    worker → {"id": 7, "findings": [[4, 9, "naam"], …]}      or {"id": 7, "error": "…"}

The worker ends when its stdin closes (the server stopped or died).
"""
from __future__ import annotations

import json
import sys
import time


def serve(requests, replies) -> int:
    """Load the screener, announce readiness, then answer every request line until input ends."""
    started = time.perf_counter()
    from sessions.screening.screener import Screener

    screener = Screener()
    _send(replies, {"ready": True, "load_seconds": round(time.perf_counter() - started, 1)})
    for line in requests:
        request = None
        try:
            request = json.loads(line)
            reply = {"id": request["id"], "findings": screener.screen(str(request["text"])).to_json()}
        except Exception as error:  # noqa: BLE001 - one bad line must not end the worker
            reply = {"id": request.get("id") if isinstance(request, dict) else None, "error": type(error).__name__}
        _send(replies, reply)
    return 0


def _send(replies, message: dict) -> None:
    replies.write(json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n")
    replies.flush()


def main() -> int:
    """Entry point: binary stdin/stdout (no newline or code-page translation on Windows)."""
    replies = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything deduce or a library prints must not corrupt the protocol
    try:
        return serve(sys.stdin.buffer, replies)
    except (BrokenPipeError, KeyboardInterrupt):  # the server went away: nothing left to do
        return 0


if __name__ == "__main__":
    sys.exit(main())
