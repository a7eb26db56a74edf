"""Login flood: how long answering phones wait for their acks, and the facilitator for a login,
before, during and after a flood of wrong passwords from several local addresses (issues 8.2, 15.11).
Starts its own server on 127.0.0.1; prints one JSON line.

    .venv/bin/python bench/login_flood.py --attempts 3200 --sources 8 --phones 20 [--async-mode gevent]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from requests.adapters import HTTPAdapter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.server_process import ServerProcess, console_client, login, phone_client, start_live  # noqa: E402
from tests.test_login_flood import form_session  # noqa: E402

OPEN_STEP_ID, OPEN_INDEX = "ongemak", 12


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=3200)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--sources", type=int, default=8, help="flood from 127.0.0.1 … 127.0.0.N")
    parser.add_argument("--phones", type=int, default=20, help="phones answering all the time")
    parser.add_argument("--async-mode", choices=("eventlet", "gevent"), default="eventlet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(Path(tmp) / "data", async_mode=args.async_mode).start()
        try:
            print(json.dumps(run(server, args)))
        finally:
            server.stop()
    return 0


class _SourceAdapter(HTTPAdapter):
    """Connections from one local address (127.0.0.N), as a flood from several machines would come."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def flood_process(server, args, results) -> None:
    """The whole flood, in a process of its own: the phones' timings must not include its CPU."""
    statuses: list = []
    threads = [threading.Thread(target=flood, args=(server, f"127.0.0.{1 + index % args.sources}",
                                                    args.attempts // args.threads, statuses))
               for index in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(statuses)


def flood(server, address: str, attempts: int, statuses: list) -> None:
    """Wrong passwords from one address; impatient like the attacker in the issue (0.5 s)."""
    session, token = form_session(server)
    session.mount("http://", _SourceAdapter(address))
    for _ in range(attempts):
        try:
            statuses.append(session.post(server.url + "/login", data={"password": "geraden", "csrf_token": token},
                                         allow_redirects=False, timeout=(3, 0.5)).status_code)
        except Exception:  # noqa: BLE001 - the flooder's own impatience
            statuses.append("timeout")


def answering(server, code: str, acks: list, stop: threading.Event) -> None:
    """One phone that answers (changes its answer) about once a second, timing each ack."""
    phone = phone_client(server, code)
    try:
        answer_id = secrets.token_urlsafe(16)
        for count in range(10_000):
            if stop.wait(1.2 + random.random() * 0.4):  # under the 10 answers per 10 s limit
                return
            payload = {"answer_id": answer_id, "value": {"text": f"antwoord {count}"}}
            if count == 0:
                payload["step_id"] = OPEN_STEP_ID
            sent = time.monotonic()
            reply = phone.call("submit_answer" if count == 0 else "change_answer", payload, timeout=60)
            acks.append((sent, time.monotonic() - sent, reply.get("error")))
    finally:
        phone.close()


def _percentiles(samples: list[float]) -> dict:
    if not samples:
        return {"samples": 0}
    ordered = sorted(samples)
    return {"p50": round(statistics.median(ordered), 3), "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
            "max": round(ordered[-1], 3), "samples": len(ordered)}


def run(server, args) -> dict:
    http = login(server)
    code = start_live(http)
    console = console_client(server, http, code)
    console.call("go_to_step", {"index": OPEN_INDEX})
    acks: list = []
    stop = threading.Event()
    phones = [threading.Thread(target=answering, args=(server, code, acks, stop)) for _ in range(args.phones)]
    for phone in phones:
        phone.start()
    time.sleep(6)  # the phones' baseline, before any flood
    results: multiprocessing.Queue = multiprocessing.Queue()
    cpu_before = _cpu_seconds(server.process.pid)
    started = time.monotonic()
    flooder = multiprocessing.Process(target=flood_process, args=(server, args, results))
    flooder.start()
    statuses = results.get()
    flooder.join()
    ended = time.monotonic()
    server_cpu = _cpu_seconds(server.process.pid) - cpu_before
    facilitator, token = form_session(server)
    while facilitator.post(server.url + "/login", data={"password": server.password, "csrf_token": token},
                           allow_redirects=False, timeout=30).status_code != 302:
        time.sleep(0.1)
    login_after = time.monotonic() - ended
    stop.set()
    for phone in phones:
        phone.join()
    console.close()
    before = [seconds for sent, seconds, _ok in acks if sent < started]
    during = [seconds for sent, seconds, _ok in acks if started <= sent < ended]
    return {"async_mode": args.async_mode, "attempts": len(statuses), "sources": args.sources,
            "flood_seconds": round(ended - started, 1),
            "statuses": {str(key): statuses.count(key) for key in set(statuses)},
            "phones": args.phones, "phone_acks_refused": dict(Counter(str(error) for *_rest, error in acks if error)),
            "phone_ack_seconds_before": _percentiles(before), "phone_ack_seconds_during": _percentiles(during),
            "login_after_flood_seconds": round(login_after, 2),
            "server_cpu_ms_per_attempt": round(1000 * server_cpu / max(1, len(statuses)), 2)}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux): a cost that the machine's other load does not bend."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    sys.exit(main())
