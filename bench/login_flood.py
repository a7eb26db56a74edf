"""Login flood: how long a phone waits for its ack, and the facilitator for a login, during and after
a flood of wrong passwords (issue 8.2). Starts its own server on 127.0.0.1; prints one JSON line.

    .venv/bin/python bench/login_flood.py --attempts 3000 --threads 30 [--async-mode gevent]
"""
from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.server_process import ServerProcess, console_client, login, phone_client, start_live  # noqa: E402
from tests.test_login_flood import form_session  # noqa: E402

OPEN_STEP_ID, OPEN_INDEX = "ongemak", 12


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=30)
    parser.add_argument("--async-mode", choices=("eventlet", "gevent"), default="eventlet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(Path(tmp) / "data", async_mode=args.async_mode).start()
        try:
            print(json.dumps(run(server, args)))
        finally:
            server.stop()
    return 0


def run(server, args) -> dict:
    http = login(server)
    code = start_live(http)
    console = console_client(server, http, code)
    console.call("go_to_step", {"index": OPEN_INDEX})
    statuses: list = []
    per_thread = args.attempts // args.threads

    def flood():
        session, token = form_session(server)
        for _ in range(per_thread):
            try:
                statuses.append(session.post(server.url + "/login", data={"password": "geraden", "csrf_token": token},
                                             allow_redirects=False, timeout=(3, 0.5)).status_code)
            except Exception:  # noqa: BLE001 - the flooder's own impatience
                statuses.append("timeout")

    started = time.monotonic()
    threads = [threading.Thread(target=flood) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    acks = []
    while any(thread.is_alive() for thread in threads):
        phone = phone_client(server, code)  # a fresh phone each time: the per-connection limit stays out of it
        answer_id = secrets.token_urlsafe(16)
        sent = time.monotonic()
        phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP_ID, "value": {"text": "tijdens"}},
                   timeout=60)
        acks.append(time.monotonic() - sent)
        phone.close()
        time.sleep(0.5)
    flood_seconds = time.monotonic() - started
    ended = time.monotonic()
    facilitator, token = form_session(server)
    while facilitator.post(server.url + "/login", data={"password": server.password, "csrf_token": token},
                           allow_redirects=False, timeout=30).status_code != 302:
        time.sleep(0.1)
    console.close()
    return {"async_mode": args.async_mode, "attempts": len(statuses), "flood_seconds": round(flood_seconds, 1),
            "statuses": {str(key): statuses.count(key) for key in set(statuses)},
            "phone_ack_seconds": {"median": round(statistics.median(acks), 3), "max": round(max(acks), 3),
                                  "samples": len(acks)},
            "login_after_flood_seconds": round(time.monotonic() - ended, 2)}


if __name__ == "__main__":
    sys.exit(main())
