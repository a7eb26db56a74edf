"""Load test: one real server, a facilitator, a presenter screen and N simulated phones.

    .venv/bin/python bench/load.py --phones 1000 [--async-mode eventlet|gevent] [--port P]

What it does, in order (everything on 127.0.0.1 only):

1. starts `run.py serve` as a subprocess with a fresh temporary data dir, a generated password
   and its output in a temporary log file, and waits until `/login` answers;
2. logs in over HTTP, starts a live run of `vertragen-en-verdragen`, reads the join code from
   the redirect and the screen token from the console page, connects the console over
   Socket.IO and moves to the first open question;
3. connects the presenter screen, which timestamps every `results_updated`;
4. connects N phones over WebSocket (at most --connect-concurrency at a time), then lets every
   phone submit one open answer at once and waits for each ack (one resend with the same
   answer id after a timeout);
5. checks the stored answers against the acked ones, reads the server's RSS, stops the server.

Human-readable progress lines go to stdout; the LAST line is one JSON object with exactly the keys
phones, joined, acked, lost, duplicated, join_per_s, ack_p50_ms, ack_p95_ms, screen_p95_ms,
server_rss_mb, screening, screener_ready_s, worker_rss_mb. With screening on (the default; --no-screening
turns it off) the answers wait until the console reports the screener ready. The exit status is 0 when every
phone joined and was acknowledged and nothing was lost or duplicated, else 1.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import math
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left
from collections import Counter
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import requests  # noqa: E402
import socketio  # noqa: E402

from sessions.files.loader import load_session  # noqa: E402

HOST = "127.0.0.1"  # loopback only, never anything else
SESSION_ID = "vertragen-en-verdragen"
SESSION_FILE = ROOT / "sessions" / "library" / "1-vertragen-en-verdragen.yaml"
COOKIE_NAME = "leersessie_facilitator"
ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
RESULT_KEYS = ("phones", "answer_window_s", "joined", "acked", "lost", "duplicated", "join_per_s", "ack_p50_ms",
               "ack_p95_ms", "screen_p95_ms", "server_rss_mb", "screening", "screener_ready_s", "worker_rss_mb",
               "acks_per_s", "step_p95_ms", "kb_per_phone", "processes", "joined_per_process",
               "bare_ack_p50_ms", "bare_ack_p95_ms", "bare_acks_per_s", "bare_step_p95_ms", "vs_bare",
               "cpu_ms_per_answer", "bare_cpu_ms_per_answer",
               "talkback", "read_p95_ms", "vote_p95_ms", "reads", "votes")


def say(message: str) -> None:
    """One progress line (never JSON, so the last line stays the only JSON object)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def raise_nofile_limit() -> None:
    """Raise the soft open-file limit to the hard limit (one socket per phone)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def answer_id() -> str:
    """A random 22-character answer id, as a phone makes one."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(22))


def first_open_question(path: Path) -> tuple[int, str]:
    """Index and id of the first open question of the session file."""
    for index, step in enumerate(load_session(path).steps):
        if step.type == "question" and step.question is not None and step.question.kind == "open":
            return index, step.id
    raise SystemExit(f"{path}: no open question")


def process_memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of a process in MB, from /proc."""
    found = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    found[key] = round(int(rest.split()[0]) / 1024, 1)
    except OSError:
        pass
    return found


# --------------------------------------------------------------------------------------- server

def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far, from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def process_runqueue_wait(pid: int) -> float | None:
    """Seconds the process's main thread spent runnable but waiting for a CPU (/proc/<pid>/schedstat)."""
    try:
        with open(f"/proc/{pid}/schedstat", encoding="ascii") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


class Server:
    """The server subprocess: fresh data dir, generated password, output to a log file.

    Several servers of one run (`--processes`) share the data dir, the password and the
    message queue; `bare=True` runs bench/bare.py instead (the baseline)."""

    def __init__(self, port: int, async_mode: str, screening: bool = True, workdir: Path | None = None,
                 password: str | None = None, message_queue: str | None = None, name: str = "server",
                 bare: bool = False):
        self.port, self.async_mode, self.screening = port, async_mode, screening
        self.message_queue, self.bare = message_queue, bare
        self.password = password or secrets.token_urlsafe(18)
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="leersessie-bench-"))
        self.data_dir = self.workdir / "data"
        self.log_path = self.workdir / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self._log: IO[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        env = dict(os.environ, LEERSESSIE_PASSWORD=self.password, PYTHONUNBUFFERED="1")
        env.pop("LEERSESSIE_PUBLIC_URL", None)
        self._log = open(self.log_path, "wb")
        if self.bare:
            command = [sys.executable, str(ROOT / "bench" / "bare.py"), str(self.port), "--async-mode", self.async_mode]
        else:
            command = [sys.executable, str(ROOT / "run.py"), "serve", "--host", HOST, "--port", str(self.port),
                       "--data-dir", str(self.data_dir), "--async-mode", self.async_mode,
                       *([] if self.screening else ["--no-screening"]),
                       *(["--message-queue", self.message_queue] if self.message_queue else [])]
        self.process = subprocess.Popen(command, cwd=str(ROOT), env=env, stdin=subprocess.DEVNULL, stdout=self._log,
                                        stderr=subprocess.STDOUT, preexec_fn=raise_nofile_limit)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; log:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.base}/{'ping' if self.bare else 'login'}", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not answer within {timeout:.0f} s; log:\n{self.log_tail()}")

    def memory(self) -> dict[str, float]:
        return process_memory(self.process.pid) if self.process and self.process.poll() is None else {}

    def worker_memory(self) -> dict[str, float]:
        """Memory of the screening worker: the server's child process."""
        if not self.process or self.process.poll() is not None:
            return {}
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text(encoding="ascii", errors="replace")
            except OSError:
                continue
            if re.search(rf"^PPid:\s*{self.process.pid}$", text, re.M):
                return process_memory(int(status.parent.name))
        return {}

    def total_cpu(self) -> float:
        """CPU seconds of the server and its screening worker together (what one answer really costs)."""
        if not self.process or self.process.poll() is not None:
            return 0.0
        total = process_cpu_seconds(self.process.pid) or 0.0
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text(encoding="ascii", errors="replace")
            except OSError:
                continue
            if re.search(rf"^PPid:\s*{self.process.pid}$", text, re.M):
                total += process_cpu_seconds(int(status.parent.name)) or 0.0
        return total

    def cpu(self) -> tuple[float | None, float | None]:
        """(CPU seconds used, seconds spent waiting for a CPU) of the server so far."""
        if not self.process:
            return None, None
        return process_cpu_seconds(self.process.pid), process_runqueue_wait(self.process.pid)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL); always safe to call."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def log_problems(self) -> list[str]:
        """Lines of the log that look like errors or tracebacks."""
        pattern = re.compile(r"Traceback|Error|Exception|exception|WARNING|CRITICAL|Too many open files")
        return [line for line in self.log_text().splitlines() if pattern.search(line)]

    def cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


# ----------------------------------------------------------------------------------- facilitator

def hidden_input(html: str, name: str) -> str:
    for tag in re.findall(r"<input\b[^>]*>", html):
        if re.search(rf'name=["\']{re.escape(name)}["\']', tag):
            value = re.search(r'value=["\']([^"\']*)["\']', tag)
            if value:
                return value.group(1)
    raise RuntimeError(f"no hidden input {name!r} in the page")


def facilitator_login(server: Server) -> tuple[requests.Session, str, str, str]:
    """Log in, start a live session; return (http session, cookie value, code, screen token)."""
    http = requests.Session()
    page = http.get(f"{server.base}/login", timeout=10)
    page.raise_for_status()
    reply = http.post(f"{server.base}/login", timeout=20, allow_redirects=False, data={
        "password": server.password, "csrf_token": hidden_input(page.text, "csrf_token"), "next": "/console"})
    if reply.status_code not in (302, 303):
        raise RuntimeError(f"login failed: HTTP {reply.status_code}")
    library = http.get(f"{server.base}/console", timeout=10)  # the CSRF token is new after login
    library.raise_for_status()
    reply = http.post(f"{server.base}/console/start", timeout=10, allow_redirects=False,
                      data={"session_id": SESSION_ID, "csrf_token": hidden_input(library.text, "csrf_token")})
    location = reply.headers.get("Location", "")
    match = re.search(r"/console/live/([A-Za-z0-9]+)", location)
    if reply.status_code not in (302, 303) or not match:
        raise RuntimeError(f"starting the live session failed: HTTP {reply.status_code} {location!r}")
    code = match.group(1)
    cookie = http.cookies.get(COOKIE_NAME)
    if not cookie:
        raise RuntimeError("no facilitator session cookie after login")
    console = http.get(f"{server.base}/console/live/{code}", timeout=10)
    token_match = re.search(r"/screen/([A-Za-z0-9_-]+)", console.text) if console.status_code == 200 else None
    if token_match:
        token = token_match.group(1)
    else:
        # The console page is the contract; read the token from the database only so the bench
        # still runs while that page is missing or broken (and say so).
        say(f"WARNING: console page HTTP {console.status_code} without a /screen/ link; "
            "reading the screen token from the database instead")
        with sqlite3.connect(f"file:{server.data_dir / 'leersessie.db'}?mode=ro", uri=True, timeout=5) as db:
            row = db.execute("SELECT screen_token FROM live_sessions WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise RuntimeError("no screen token for the live session")
        token = row[0]
    return http, cookie, code, token


# ------------------------------------------------------------------------------- socket clients

def new_client() -> socketio.AsyncClient:
    return socketio.AsyncClient(reconnection=False, handle_sigint=False, logger=False, request_timeout=20)


class Screen:
    """The presenter screen: records every results_updated with its arrival time.

    Each entry is (arrival, summary.count, wall ids). The count never goes down in this run
    (no answer is hidden or withdrawn), which the latency computation relies on."""

    def __init__(self):
        self.client = new_client()
        self.updates: list[tuple[float, int, list[str]]] = []
        self.client.on("results_updated", self.on_results, namespace="/screen")

    async def on_results(self, data):
        summary = data.get("summary") or {}
        wall = [item.get("id") for item in data.get("wall") or []]
        self.updates.append((time.perf_counter(), int(summary.get("count", 0)), wall))


class Console:
    """The facilitator console: keeps the newest results_updated (it lists every answer)."""

    def __init__(self):
        self.client = new_client()
        self.latest: dict | None = None
        self.phones_counted = 0
        self.client.on("results_updated", self.on_results, namespace="/console")
        self.client.on("phones_counted", self.on_phones, namespace="/console")
        self.screening: str | None = None
        self.held = 0
        self.last_step: dict | None = None
        self.client.on("step_changed", self.on_step, namespace="/console")

    async def on_step(self, data):
        self.last_step = data
        self.client.on("review_updated", self.on_review, namespace="/console")

    async def on_review(self, data):
        self.screening = (data or {}).get("screening")
        self.held = len((data or {}).get("items") or [])

    async def on_phones(self, data):
        self.phones_counted = int((data or {}).get("count", 0))

    async def on_results(self, data):
        self.latest = data

    def stored_answers(self) -> list[dict]:
        """Every stored answer of the current question, oldest first ({id, text, …})."""
        return list(reversed((self.latest or {}).get("answers") or []))


class Phone:
    def __init__(self, number: int, http: aiohttp.ClientSession, run_id: str):
        self.number = number
        self.client = socketio.AsyncClient(reconnection=False, handle_sigint=False, logger=False,
                                           http_session=http, request_timeout=20)
        self.answer_id = answer_id()
        self.marker = f"bm{run_id}x{number}z"
        self.text = f"Antwoord {number}: ik benoem het ongemak en blijf erbij ({self.marker})"
        self.joined = False
        self.join_error: str | None = None
        self.submitted_at: float | None = None
        self.ack_latency: float | None = None
        self.acked_at: float | None = None
        self.acked = False
        self.resent = False
        self.error: str | None = None
        self.base = ""  # the server (process) this phone talks to
        self.steps: dict[int, float] = {}  # step index -> first arrival of its step_changed
        self.read_latency: float | None = None  # --talkback: list_answers after the own answer
        self.vote_latency: float | None = None  # --talkback: one herkenbaar vote on another's answer
        self.client.on("step_changed", self.on_step, namespace="/phone")

    async def on_step(self, data):
        index = (data or {}).get("index")
        if isinstance(index, int):
            self.steps.setdefault(index, time.perf_counter())


async def connect_phone(phone: Phone, base: str, code: str, gate: asyncio.Semaphore, timeout: float) -> None:
    async with gate:
        try:
            await asyncio.wait_for(phone.client.connect(phone.base or base, auth={"code": code}, namespaces=["/phone"],
                                                        transports=["websocket"], wait_timeout=timeout),
                                   timeout + 5)
            phone.joined = True
        except Exception as error:  # noqa: BLE001 - every failure is counted, none may stop the run
            phone.join_error = f"{type(error).__name__}: {error}"[:120]


async def read_and_vote(phone: Phone, step_id: str, timeout: float) -> None:
    """--talkback: the phone reads the first page of the others' answers and marks one as herkenbaar."""
    try:
        started = time.perf_counter()
        page = await phone.client.call("list_answers", {"step_id": step_id, "answer_id": phone.answer_id},
                                       namespace="/phone", timeout=timeout)
        phone.read_latency = time.perf_counter() - started
        others = [item for item in (page or {}).get("items", []) if not item.get("own")]
        if not others:
            return
        started = time.perf_counter()
        reply = await phone.client.call("vote", {"display_id": random.choice(others)["display_id"], "on": True},
                                        namespace="/phone", timeout=timeout)
        if isinstance(reply, dict) and reply.get("ok"):
            phone.vote_latency = time.perf_counter() - started
    except Exception as error:  # noqa: BLE001 - counted as a missing read or vote
        phone.error = phone.error or f"talkback {type(error).__name__}"


async def submit(phone: Phone, step_id: str, ack_timeout: float, delay: float = 0.0, talkback: bool = False) -> None:
    await asyncio.sleep(delay)
    payload = {"answer_id": phone.answer_id, "step_id": step_id, "value": {"text": phone.text}}
    phone.submitted_at = time.perf_counter()
    for attempt in range(2):  # one resend with the SAME answer id: idempotent on the server
        try:
            reply = await phone.client.call("submit_answer", payload, namespace="/phone", timeout=ack_timeout)
        except socketio.exceptions.TimeoutError:
            phone.resent = phone.resent or attempt == 0
            phone.error = "timeout"
            continue
        except Exception as error:  # noqa: BLE001
            phone.error = f"{type(error).__name__}"
            return
        phone.acked_at = time.perf_counter()
        phone.ack_latency = phone.acked_at - phone.submitted_at
        if isinstance(reply, dict) and reply.get("ok") and reply.get("answer_id") == phone.answer_id:
            phone.acked, phone.error = True, None
            if talkback:
                await read_and_vote(phone, step_id, ack_timeout)
        else:
            phone.error = (reply or {}).get("error", "bad_ack") if isinstance(reply, dict) else "bad_ack"
        return


# ------------------------------------------------------------------------------------ checking

def markers_in_export(body: bytes, kind: str, run_id: str) -> Counter | None:
    """Markers of the bench answers in an export, with how often each is stored.

    JSON: the structure is the writers' business, and an answer's text may appear in more than
    one list (e.g. texts and per-answer rows). Each list is counted on its own and the list with
    the most markers is taken as "the answers of the question": a duplicate shows up as a
    marker counted twice in that one list. CSV: one row per visible answer, column `antwoord`."""
    pattern = re.compile(rf"bm{run_id}x(\d+)z")
    if kind == "csv":
        rows = csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")  # the Dutch-Excel CSV
        texts = [row.get("antwoord") or "" for row in rows]
        return Counter(m for text in texts for m in pattern.findall(text))
    best: Counter = Counter()

    def walk(node):
        nonlocal best
        if isinstance(node, dict):
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            found = Counter()
            for item in node:
                strings = [item] if isinstance(item, str) else (
                    [v for v in item.values() if isinstance(v, str)] if isinstance(item, dict) else [])
                for text in strings:
                    found.update(pattern.findall(text))
            if sum(found.values()) > sum(best.values()):
                best = found
            for child in node:
                walk(child)

    walk(json.loads(body))
    return best


def fetch_export(http: requests.Session, base: str, code: str, run_id: str) -> tuple[str, Counter | None]:
    for kind in ("json", "csv"):
        try:
            reply = http.get(f"{base}/console/live/{code}/export.{kind}", timeout=30)
        except requests.RequestException as error:
            say(f"export.{kind}: {type(error).__name__}")
            continue
        if reply.status_code == 200:
            try:
                return f"export.{kind}", markers_in_export(reply.content, kind, run_id)
            except (ValueError, KeyError) as error:
                say(f"export.{kind}: unreadable ({error})")
        else:
            say(f"export.{kind}: HTTP {reply.status_code}")
    return "none", None


def screen_latencies(phones: list[Phone], screen: Screen, stored_order: list[str]) -> tuple[list[float], int, int]:
    """Submit-to-screen latency per acked answer.

    The wall holds only the newest 200 answers, so with 1,000 answers arriving between two
    broadcasts (4 per second) many answers never appear in it. The count is exact instead: the
    screen's `summary.count` = C means the snapshot holds the first C stored answers (the store
    numbers answers in insertion order, `seq`, and nothing is hidden or withdrawn here). The
    console lists every stored answer, newest first; reversed it gives each answer's position p
    in that order. An answer is on the screen from the first results_updated with count >= p.
    Latency = that update's arrival - the phone's first send. Answers seen in the wall are
    checked against the same rule (the wall may only show an answer at or after that update).

    Returns (latencies, answers never shown, wall disagreements)."""
    position = {answer: index + 1 for index, answer in enumerate(stored_order)}
    arrivals = [arrival for arrival, _, _ in screen.updates]
    counts, running = [], 0
    for _, count, _ in screen.updates:
        running = max(running, count)
        counts.append(running)
    first_in_wall: dict[str, float] = {}
    for arrival, _, wall in screen.updates:
        for answer in wall:
            first_in_wall.setdefault(answer, arrival)
    latencies, missing, disagree = [], 0, 0
    for phone in phones:
        if not phone.acked:
            continue
        p = position.get(phone.answer_id)
        index = bisect_left(counts, p) if p is not None else len(counts)
        if index >= len(counts):
            missing += 1
            continue
        assert phone.submitted_at is not None  # an acked phone submitted
        latencies.append(max(0.0, arrivals[index] - phone.submitted_at))
        seen = first_in_wall.get(phone.answer_id)
        if seen is not None and seen < arrivals[index]:
            disagree += 1
    return latencies, missing, disagree


# ---------------------------------------------------------------------------------------- run

async def run_load(args, servers: list[Server], result: dict) -> None:
    server = servers[0]
    step_index, step_id = first_open_question(SESSION_FILE)
    http, cookie, code, token = await asyncio.to_thread(facilitator_login, server)
    say(f"live session {code} started; first open question: step {step_index} ({step_id})")
    run_id = secrets.token_hex(3)

    console, screen = Console(), Screen()
    # One HTTP session for all phones, without aiohttp's default cap of 100 connections.
    phone_http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    phones = [Phone(number, phone_http, run_id) for number in range(1, args.phones + 1)]
    for phone in phones:  # spread over the processes, as sticky sessions behind a proxy would
        phone.base = servers[phone.number % len(servers)].base
    try:
        await asyncio.wait_for(console.client.connect(
            server.base, namespaces=["/console"], auth={"code": code}, transports=["websocket"],
            headers={"Cookie": f"{COOKIE_NAME}={cookie}"}, wait_timeout=10), 20)
        await asyncio.wait_for(screen.client.connect(
            servers[-1].base, namespaces=["/screen"], auth={"token": token}, transports=["websocket"],
            wait_timeout=10), 20)
        reply = await console.client.call("go_to_step", {"index": step_index}, namespace="/console", timeout=10)
        if not (isinstance(reply, dict) and reply.get("ok")):
            raise RuntimeError(f"go_to_step refused: {reply}")
        say("console and screen connected; question is open")
        if args.screening:
            waited = time.perf_counter()
            while console.screening != "ready" and time.perf_counter() - waited < 300:
                await asyncio.sleep(0.2)
            result["screening"] = console.screening
            result["screener_ready_s"] = round(time.perf_counter() - result.pop("_server_started"), 1)
            for other in servers[1:]:  # every process has its own worker
                await asyncio.to_thread(wait_screener_ready, http, other, code, 300)
            worker_rss = [other.worker_memory().get("VmRSS") for other in servers]
            result["worker_rss_mb"] = worker_rss[0] if len(worker_rss) == 1 else worker_rss
            say(f"screener {console.screening} {result['screener_ready_s']} s after the server started; "
                f"worker RSS {worker_rss} MB")
            if console.screening != "ready":
                raise RuntimeError("the screener did not get ready within 300 s")
        else:
            result["screening"] = "off"

        # Phase 1: everyone joins (a room scanning the QR code), at most N connects at once.
        gate = asyncio.Semaphore(args.connect_concurrency)
        rss_before = sum(other.memory().get("VmRSS") or 0 for other in servers)
        cpu_before, own_before = server.cpu(), time.process_time()
        started = time.perf_counter()
        await bounded([connect_phone(p, server.base, code, gate, args.connect_timeout) for p in phones],
                      args.connect_timeout * 3 + 30, "connecting")
        join_seconds = time.perf_counter() - started
        joined = [p for p in phones if p.joined]
        result["joined"] = len(joined)
        result["join_per_s"] = round(len(joined) / join_seconds, 1) if join_seconds > 0 else None
        result["joined_per_process"] = [sum(1 for p in joined if p.base == other.base) for other in servers]
        errors = Counter(p.join_error for p in phones if p.join_error)
        join_note = cpu_note(server, cpu_before, own_before, join_seconds)
        say(f"joined {len(joined)}/{len(phones)} in {join_seconds:.2f} s "
            f"({result['join_per_s']}/s)"
            f"{'; errors: ' + str(dict(errors.most_common(3))) if errors else ''}")
        say(f"during the joins: {join_note}")

        # Phase 2: every phone answers at a random moment within --answer-window seconds (0: all at
        # the same instant, the worst case); one resend after a timeout.
        cpu_before, own_before = server.cpu(), time.process_time()
        all_cpu_before = sum(other.total_cpu() for other in servers)
        started = time.perf_counter()
        spread = random.Random(1)
        await bounded([submit(p, step_id, args.ack_timeout, spread.uniform(0, args.answer_window), args.talkback)
                       for p in joined],
                      args.answer_window + args.ack_timeout * 2 + 15, "answering")
        submit_seconds = time.perf_counter() - started
        acked = [p for p in joined if p.acked]
        if acked:  # load-independent: CPU of every server process and worker per answer
            used = sum(other.total_cpu() for other in servers) - all_cpu_before
            result["cpu_ms_per_answer"] = round(used * 1000 / len(acked), 3)
        latencies = [p.ack_latency for p in acked if p.ack_latency is not None]  # all: they are acked
        result["acked"] = len(acked)
        result["ack_p50_ms"] = ms(percentile(latencies, 0.50))
        result["ack_p95_ms"] = ms(percentile(latencies, 0.95))
        if acked:
            result["acks_per_s"] = round(len(acked) / max(1e-6, max(p.acked_at or started for p in acked) - started), 1)
        errors = Counter(p.error or "no_reply" for p in joined if not p.acked)
        say(f"acked {len(acked)}/{len(joined)} in {submit_seconds:.2f} s "
            f"({len(acked) / submit_seconds:.0f}/s); p50 {result['ack_p50_ms']} ms, p95 {result['ack_p95_ms']} ms, "
            f"max {ms(max(latencies)) if latencies else None} ms; first ack after "
            f"{ms(min(p.acked_at or started for p in acked) - started) if acked else None} ms; "
            f"resent {sum(p.resent for p in joined)}"
            f"{'; errors: ' + str(dict(errors)) if errors else ''}")
        say(f"during the answers: {cpu_note(server, cpu_before, own_before, submit_seconds)}; "
            f"{result['cpu_ms_per_answer']} ms of CPU per answer (servers and workers)")
        result["talkback"] = bool(args.talkback)
        if args.talkback:
            reads = [p.read_latency for p in joined if p.read_latency is not None]
            votes = [p.vote_latency for p in joined if p.vote_latency is not None]
            result.update(reads=len(reads), votes=len(votes), read_p95_ms=ms(percentile(reads, 0.95)),
                          vote_p95_ms=ms(percentile(votes, 0.95)))
            say(f"talkback: {len(reads)} pages read (p95 {result['read_p95_ms']} ms), {len(votes)} herkenbaar votes "
                f"(p95 {result['vote_p95_ms']} ms)")

        # Let the broadcaster catch up: console and screen must both count every acked answer.
        deadline = time.perf_counter() + args.settle_timeout
        while time.perf_counter() < deadline:
            screen_count = screen.updates[-1][1] if screen.updates else 0
            if len(console.stored_answers()) >= len(acked) and screen_count >= len(acked):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.6)  # one more tick, so a late extra answer would show as well

        stored = console.stored_answers()
        say(f"console: phones_counted {console.phones_counted} (joined {len(joined)})")
        stored_ids = [str(answer.get("id")) for answer in stored]
        latencies, never_shown, disagree = screen_latencies(phones, screen, stored_ids)
        result["screen_p95_ms"] = ms(percentile(latencies, 0.95))
        say(f"screen: {len(screen.updates)} results_updated; latency p50 {ms(percentile(latencies, 0.5))} ms, "
            f"p95 {result['screen_p95_ms']} ms, max {ms(max(latencies)) if latencies else None} ms; "
            f"never shown {never_shown}; wall/count disagreements {disagree}; "
            f"counts seen {[count for _, count, _ in screen.updates][:12]}")

        # Lost and duplicated: by id from the console (every stored answer), and by marker text
        # from the facilitator's export (what the opbrengst holds).
        acked_ids = {p.answer_id for p in acked}
        id_counts = Counter(stored_ids)
        lost_by_id = len(acked_ids - set(id_counts))
        dup_by_id = sum(n - 1 for n in id_counts.values() if n > 1)
        unacked_stored = len(set(id_counts) - acked_ids)
        say(f"console lists {len(stored)} stored answers: lost {lost_by_id}, duplicate ids {dup_by_id}, "
            f"stored without an ack {unacked_stored}")
        source, markers = await asyncio.to_thread(fetch_export, http, server.base, code, run_id)
        if markers is not None:
            acked_markers = {str(p.number) for p in acked}
            result["lost"] = len(acked_markers - set(markers))
            # Duplicated = copies beyond the first of one answer. An answer stored whose acks were
            # both lost is not a duplicate; it is reported above as "stored without an ack".
            result["duplicated"] = sum(n - 1 for n in markers.values() if n > 1)
            say(f"{source}: {sum(markers.values())} bench answers, lost {result['lost']}, "
                f"duplicated {result['duplicated']}")
        else:
            say("WARNING: no usable export; lost/duplicated from the console's answer list instead")
            texts = Counter(re.findall(rf"bm{run_id}x(\d+)z", " ".join(a.get("text", "") for a in stored)))
            result["lost"] = lost_by_id
            result["duplicated"] = dup_by_id + sum(n - 1 for n in texts.values() if n > 1)

        if console.held:
            say(f"WARNING: {console.held} answers held for review (none of the bench answers should be)")
        memory = [other.memory() for other in servers]
        rss = [m.get("VmRSS") or 0 for m in memory]
        result["server_rss_mb"] = rss[0] if len(rss) == 1 else rss
        if joined:
            result["kb_per_phone"] = round((sum(rss) - rss_before) * 1024 / len(joined), 1)
        say(f"server memory with {len(joined)} phones connected: RSS {rss} MB, "
            f"peak {[m.get('VmHWM') for m in memory]} MB; {result['kb_per_phone']} KB per phone")

        # Step changes: the console moves on; each phone timestamps its step_changed.
        total = len(load_session(SESSION_FILE).steps)
        targets = [(step_index + k) % total for k in range(1, args.steps + 1)]
        result["step_p95_ms"] = ms(await step_changes(
            joined, lambda index: console.client.call("go_to_step", {"index": index}, namespace="/console", timeout=30),
            targets))
        step_bytes = len(json.dumps(console.last_step or {}))
        result["_step_bytes"] = step_bytes
        say(f"step changes to {len(joined)} phones: p95 {result['step_p95_ms']} ms ({step_bytes} bytes per phone)")
    finally:
        clients = [c for c in [p.client for p in phones] + [console.client, screen.client] if c.connected]
        tasks = [asyncio.ensure_future(_quiet_disconnect(c)) for c in clients]
        await asyncio.wait(tasks or [asyncio.ensure_future(asyncio.sleep(0))], timeout=20)
        await phone_http.close()
        http.close()


def wait_screener_ready(http: requests.Session, server: Server, code: str, timeout: float) -> None:
    """Wait until this process's own worker is ready (its opbrengst check says so)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if http.get(f"{server.base}/api/live/{code}/writeup/screening", timeout=10).json().get("status") == "ready":
                return
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the screener of {server.base} did not get ready within {timeout:.0f} s")


async def step_changes(phones: list[Phone], move, targets: list[int], timeout: float = 60) -> float | None:
    """p95 over every phone and step of: the console's move until this phone had step_changed."""
    latencies = []
    for index in targets:
        for phone in phones:
            phone.steps.pop(index, None)
        started = time.perf_counter()
        await move(index)
        deadline = started + timeout
        while time.perf_counter() < deadline and any(index not in p.steps for p in phones if p.client.connected):
            await asyncio.sleep(0.02)
        latencies += [p.steps[index] - started for p in phones if index in p.steps]
        await asyncio.sleep(0.3)
    return percentile(latencies, 0.95)


async def run_bare(args, bare: Server, result: dict, step_bytes: int) -> None:
    """The same phones, answers and step changes against bench/bare.py."""
    run_id = secrets.token_hex(3)
    console, screen = new_client(), new_client()
    phone_http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    phones = [Phone(number, phone_http, run_id) for number in range(1, args.phones + 1)]
    try:
        await console.connect(bare.base, namespaces=["/console"], transports=["websocket"], wait_timeout=10)
        await screen.connect(bare.base, namespaces=["/screen"], transports=["websocket"], wait_timeout=10)
        gate = asyncio.Semaphore(args.connect_concurrency)
        await bounded([connect_phone(p, bare.base, "BARE", gate, args.connect_timeout) for p in phones],
                      args.connect_timeout * 3 + 30, "connecting (bare)")
        joined = [p for p in phones if p.joined]
        spread = random.Random(1)
        started, cpu_before = time.perf_counter(), bare.total_cpu()
        await bounded([submit(p, "q", args.ack_timeout, spread.uniform(0, args.answer_window)) for p in joined],
                      args.answer_window + args.ack_timeout * 2 + 15, "answering (bare)")
        acked = [p for p in joined if p.acked]
        latencies = [p.ack_latency for p in acked if p.ack_latency is not None]  # all: they are acked
        result["bare_ack_p50_ms"] = ms(percentile(latencies, 0.50))
        result["bare_ack_p95_ms"] = ms(percentile(latencies, 0.95))
        if acked:
            last_ack = max(p.acked_at or started for p in acked)
            result["bare_acks_per_s"] = round(len(acked) / max(1e-6, last_ack - started), 1)
            result["bare_cpu_ms_per_answer"] = round((bare.total_cpu() - cpu_before) * 1000 / len(acked), 3)
        say(f"bare: joined {len(joined)}, acked {len(acked)}; p50 {result['bare_ack_p50_ms']} ms, "
            f"p95 {result['bare_ack_p95_ms']} ms, {result['bare_acks_per_s']}/s, "
            f"{result['bare_cpu_ms_per_answer']} ms of CPU per answer")
        result["bare_step_p95_ms"] = ms(await step_changes(
            joined, lambda index: console.call("go_to_step", {"index": index, "pad": step_bytes}, namespace="/console",
                                               timeout=30), list(range(1, args.steps + 1))))
        say(f"bare step changes: p95 {result['bare_step_p95_ms']} ms")
    finally:
        clients = [c for c in [p.client for p in phones] + [console, screen] if c.connected]
        tasks = [asyncio.ensure_future(_quiet_disconnect(c)) for c in clients]
        await asyncio.wait(tasks or [asyncio.ensure_future(asyncio.sleep(0))], timeout=20)
        await phone_http.close()


async def bounded(coroutines: list, timeout: float, what: str) -> None:
    """Run coroutines concurrently for at most `timeout` seconds; cancel what is left (counted as failed)."""
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    if not tasks:
        return
    _, pending = await asyncio.wait(tasks, timeout=timeout)
    if pending:
        say(f"WARNING: {len(pending)} phones still {what} after {timeout:.0f} s; cancelled")
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=5)


def cpu_note(server: Server, server_before: tuple, own_before: float, wall: float) -> str:
    """Where the server's wall time went since `server_before`: CPU, waiting for a CPU, the rest.

    The rest is time the server was neither running nor runnable: blocked in a system call
    (fsync of SQLite commits) or idle waiting for the network."""
    (cpu_now, wait_now), (cpu_then, wait_then) = server.cpu(), server_before
    if None in (cpu_now, wait_now, cpu_then, wait_then):
        return f"bench CPU {time.process_time() - own_before:.2f} s"
    cpu, wait = cpu_now - cpu_then, wait_now - wait_then
    return (f"server CPU {cpu:.2f} s, waiting for a CPU {wait:.2f} s, "
            f"blocked/idle {max(0.0, wall - cpu - wait):.2f} s of {wall:.2f} s; "
            f"bench CPU {time.process_time() - own_before:.2f} s")


async def _quiet_disconnect(client: socketio.AsyncClient) -> None:
    try:
        await client.disconnect()
    except Exception:  # noqa: BLE001
        pass


def _terminated(*_) -> None:
    raise SystemExit(143)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load test of Leersessie with simulated phones (127.0.0.1 only).")
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--async-mode", choices=("eventlet", "gevent"), default="eventlet")
    parser.add_argument("--port", type=int, default=None, help="server port (default: a free one)")
    parser.add_argument("--connect-concurrency", type=int, default=100)
    parser.add_argument("--connect-timeout", type=float, default=20.0)
    parser.add_argument("--ack-timeout", type=float, default=30.0)
    parser.add_argument("--settle-timeout", type=float, default=10.0)
    parser.add_argument("--answer-window", type=float, default=3.0,
                        help="seconds over which the phones' answers are spread (0 = all at once)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir and server log")
    parser.add_argument("--no-screening", dest="screening", action="store_false",
                        help="serve with --no-screening (default: screening on, as a facilitator runs it)")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false",
                        help="skip the bare Flask-SocketIO baseline (default: measured after Leersessie, same run)")
    parser.add_argument("--steps", type=int, default=5, help="step changes measured at the end (default 5)")
    parser.add_argument("--talkback", action="store_true",
                        help="after its answer every phone reads a page of the others' answers and votes on one")
    parser.add_argument("--processes", type=int, default=1, help="server processes sharing one data dir (needs "
                        "--message-queue when more than one); phones are spread over them")
    parser.add_argument("--message-queue", default=None, help="redis://… URL passed to every server")
    args = parser.parse_args(argv)
    if not 1 <= args.phones <= 20000:
        parser.error("--phones must be 1 to 20000")
    if not 0 <= args.answer_window <= 60:
        parser.error("--answer-window must be 0 to 60 seconds")
    if args.processes < 1 or (args.processes > 1 and not args.message_queue):
        parser.error("--processes above 1 needs --message-queue redis://…")

    raise_nofile_limit()
    signal.signal(signal.SIGTERM, _terminated)  # stopped from outside: still stop the servers (finally)
    result: dict = {key: None for key in RESULT_KEYS}
    result.update(phones=args.phones, joined=0, acked=0, answer_window_s=args.answer_window, processes=args.processes)
    first = Server(args.port or free_port(), args.async_mode, args.screening, message_queue=args.message_queue,
                   name="server-1")
    servers = [first] + [Server(free_port(), args.async_mode, args.screening, workdir=first.workdir,
                                password=first.password, message_queue=args.message_queue, name=f"server-{n}")
                         for n in range(2, args.processes + 1)]
    bare = Server(free_port(), args.async_mode, workdir=first.workdir, name="bare", bare=True)
    started = time.perf_counter()
    result["_server_started"] = started
    try:
        for server in servers:  # one after the other: the first creates the database
            say(f"starting server ({args.async_mode}) on {server.base}, log {server.log_path}")
            server.start()
            assert server.process is not None  # started
            say(f"server up after {time.perf_counter() - started:.1f} s (pid {server.process.pid})")
        asyncio.run(run_load(args, servers, result))
        for server in servers:
            server.stop()
        if args.baseline:
            say(f"starting the bare baseline on {bare.base}")
            bare.start()
            asyncio.run(run_bare(args, bare, result, result.get("_step_bytes") or 0))
            if result["acks_per_s"] and result["bare_acks_per_s"]:
                result["vs_bare"] = round(result["acks_per_s"] / result["bare_acks_per_s"], 2)
    except Exception as error:  # noqa: BLE001 - report, stop the servers, still print the JSON line
        say(f"ERROR: {type(error).__name__}: {error}")
    finally:
        for server in servers + [bare]:
            server.stop()
            problems = server.log_problems()
            if problems:
                say(f"{server.log_path.name} has {len(problems)} error/warning lines, first ones:")
                for line in problems[:8]:
                    say(f"  | {line[:200]}")
            elif server.process is not None:
                say(f"{server.log_path.name}: no errors")
        if args.keep:
            say(f"kept {first.workdir}")
        else:
            first.cleanup()
        say(f"done in {time.perf_counter() - started:.1f} s")
    result.pop("_server_started", None)
    result.pop("_step_bytes", None)
    print(json.dumps({key: result[key] for key in RESULT_KEYS}), flush=True)
    healthy = (result["joined"] == args.phones and result["acked"] == args.phones
               and result["lost"] == 0 and result["duplicated"] == 0)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
