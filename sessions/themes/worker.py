"""The themes worker: `python -m sessions.themes.worker`, one JSON object per line on stdin/stdout.

A process of its own, so numpy's work and the sentence encoder's memory (about 200 MB) stay out
of the server and grouping never blocks the event loop. Protocol (ASCII JSON lines):

    worker → {"ready": true, "load_seconds": 0.4}                 once, when the encoder is loaded
    server → {"id": 3, "texts": ["Tijd nemen", …]}
    worker → {"id": 3, "themes": [{"label": "Tijd", "members": [0, 4], "typical": 4}, …],
              "seconds": 0.21}                                      or {"id": 3, "error": "…"}

Embeddings are cached per text, so a re-run as answers come in encodes only the new ones.
The worker ends when its stdin closes, and within a second when the server dies (the screening
worker's watchdog, `--parent PID`).
"""
from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

from sessions.screening.worker import _parent_from, watch_parent


def serve(requests: Any, replies: Any) -> int:
    """Load the engine, announce readiness, then answer every request line until input ends."""
    started = time.perf_counter()
    from sessions.themes import features
    from sessions.themes.engine import suggest

    features.model()
    suggest(["Warm worden", "Op temperatuur komen", "Klaar"])  # lemma tables and numpy paths loaded now
    _send(replies, {"ready": True, "load_seconds": round(time.perf_counter() - started, 1)})
    for line in requests:
        request = None
        try:
            request = json.loads(line)
            begun = time.perf_counter()
            themes = suggest([str(text) for text in request["texts"]])
            reply = {"id": request["id"], "seconds": round(time.perf_counter() - begun, 3),
                     "themes": [{"label": t.label, "members": list(t.members), "typical": t.typical} for t in themes]}
        except Exception as error:  # noqa: BLE001 - one bad line must not end the worker
            reply = {"id": request.get("id") if isinstance(request, dict) else None, "error": type(error).__name__}
        _send(replies, reply)
    return 0


def _send(replies: Any, message: dict[str, Any]) -> None:
    replies.write(json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n")
    replies.flush()


def single_threaded_blas() -> None:
    """One BLAS thread (before numpy loads): on a busy 2-core machine a multi-threaded BLAS made
    500 answers take 21 s instead of 2.7 s (bench/README.md); the server needs the other core."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def main() -> int:
    """Entry point: binary stdin/stdout (no newline or code-page translation on Windows)."""
    single_threaded_blas()
    watch_parent(_parent_from(sys.argv[1:]))
    replies = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything a library prints must not corrupt the protocol
    try:
        return serve(sys.stdin.buffer, replies)
    except (BrokenPipeError, KeyboardInterrupt):
        return 0


if __name__ == "__main__":
    sys.exit(main())
