"""Run the real Leersessie server in a subprocess and talk to it like a browser and phones do.

Used by the integration tests: nothing here imports or patches the app. The server is started
as `python run.py serve` on 127.0.0.1 and a free port, its output goes to a log file, and every
wait is bounded.

    server = ServerProcess(tmp_path / "data").start()
    http = login(server)
    code = start_live(http)
    phone = phone_client(server, code)
    phone.wait_for("step_changed", lambda data: data["index"] == 0)
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import requests
import socketio

REPO_ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# A quiet machine starts a server in 2-3 s; two xdist workers on a busy one have taken over 20.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
CONNECT_TIMEOUT = 5.0
TEST_USER_AGENT = "leersessie-integratietest/1.0"

_CSRF_INPUT = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
_SCREEN_URL = re.compile(r"/screen/([A-Za-z0-9_-]+)")
_LIVE_PATH = re.compile(r"/console/live/([A-Z0-9]+)$")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class ServerProcess:
    """`python run.py serve` in a subprocess, on 127.0.0.1 and a free port."""

    def __init__(self, data_dir, async_mode: str = "eventlet", password: str = "test-wachtwoord",
                 extra_args=(), log_path=None, public_url_is_own: bool = False,
                 command=(sys.executable, "run.py"), cwd=REPO_ROOT, env=None, screening: bool = False):
        self.data_dir = Path(data_dir)
        self.command, self.cwd, self.env = tuple(command), Path(cwd), dict(env or {})
        self.public_url_is_own = public_url_is_own  # join links and QR codes point at 127.0.0.1
        self.async_mode = async_mode
        self.password = password
        # Screening (a 1 GB worker with a 3 s start) only for the tests about it.
        self.extra_args = tuple(extra_args) + (() if screening else ("--no-screening",))
        self._log_path = Path(log_path) if log_path else None
        self.log_path: Path | None = None
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._log_file: IO[bytes] | None = None

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:54321 (no trailing slash)."""
        if self.port is None:
            raise RuntimeError("server not started")
        return f"http://{HOST}:{self.port}"

    @property
    def db_path(self) -> Path:
        """The SQLite file the server writes."""
        return self.data_dir / "leersessie.db"

    def start(self) -> ServerProcess:
        """Start the server and wait (at most ~20 s) until `GET /` answers; raise with the log if not."""
        if self.process is not None:
            raise RuntimeError("already started")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        last_error = None
        for _ in range(3):  # a free port can be taken between probing and binding: try another
            try:
                self._start_once()
                return self
            except _PortTaken as error:
                last_error = error
        raise RuntimeError(f"server did not start: {last_error}")

    def _start_once(self) -> None:
        self.port = free_port()
        self.log_path = self._log_path or self.data_dir.parent / f"{self.data_dir.name}-server-{self.port}.log"
        self._log_file = open(self.log_path, "wb")
        env = {key: value for key, value in os.environ.items() if not key.startswith("LEERSESSIE_")}
        env.update(LEERSESSIE_PASSWORD=self.password, PYTHONUNBUFFERED="1", **self.env)
        command = [*self.command, "serve", "--host", HOST, "--port", str(self.port),
                   "--data-dir", str(self.data_dir), "--async-mode", self.async_mode, *self.extra_args]
        if self.public_url_is_own:
            command += ["--public-url", self.url]
        self.process = subprocess.Popen(command, cwd=self.cwd, env=env, stdin=subprocess.DEVNULL,
                                        stdout=self._log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            returncode = self.process.poll()
            if returncode is not None:
                log = self._close_and_read()
                self.process = None
                if "Address already in use" in log or "is al in gebruik" in log and "Poort" in log:
                    raise _PortTaken(log)
                raise RuntimeError(f"server exited with status {returncode} during start-up:\n{log}")
            try:
                if requests.get(self.url + "/", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.kill9()
        raise RuntimeError(f"server did not answer GET / within {START_TIMEOUT} s:\n{self.log_text()}")

    def _close_and_read(self) -> str:
        if self._log_file is not None and not self._log_file.closed:
            self._log_file.close()
        return self.log_text()

    @property
    def running(self) -> bool:
        """True while the subprocess lives."""
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Stop gracefully (SIGTERM); SIGKILL when it does not exit within 10 s. Safe to call twice."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT)
        self._close_and_read()

    def kill9(self) -> None:
        """Kill the server with SIGKILL, as a crash or power cut would."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(STOP_TIMEOUT)
        self._close_and_read()

    def log_text(self) -> str:
        """Everything the server printed on stdout and stderr so far."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_bytes().decode("utf-8", errors="replace")

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _PortTaken(RuntimeError):
    pass


# --- HTTP: the facilitator's browser -------------------------------------------------------

class FacilitatorHttp(requests.Session):
    """A requests.Session of a facilitator: the server's URL and the login's response ride along."""

    base_url: str
    login_response: requests.Response


def login(server: ServerProcess, http: FacilitatorHttp | None = None,
          base_url: str | None = None) -> FacilitatorHttp:
    """A session logged in as facilitator (`http.base_url` is the server URL, or `base_url`)."""
    http = http or FacilitatorHttp()
    http.base_url = base_url or server.url
    page = http.get(http.base_url + "/login", timeout=10)
    page.raise_for_status()
    match = _CSRF_INPUT.search(page.text)
    if match is None:
        raise AssertionError(f"no csrf_token input on /login:\n{page.text[:2000]}")
    response = http.post(http.base_url + "/login", data={"password": server.password, "csrf_token": match.group(1)},
                         allow_redirects=False, timeout=30)
    http.login_response = response
    if response.status_code not in (302, 303):
        raise AssertionError(f"login failed: HTTP {response.status_code}\n{response.text[:2000]}")
    return http


def csrf_token(http: FacilitatorHttp) -> str:
    """The CSRF token of the logged-in session, read from a facilitator page."""
    page = http.get(http.base_url + "/console", timeout=10)
    if page.status_code != 200:
        raise AssertionError(f"GET /console: HTTP {page.status_code}\n{page.text[:2000]}")
    match = _CSRF_META.search(page.text) or _CSRF_INPUT.search(page.text)
    if match is None:
        raise AssertionError(f"no CSRF token on /console:\n{page.text[:2000]}")
    return match.group(1)


def start_live(http: FacilitatorHttp, session_id: str = "vertragen-en-verdragen") -> str:
    """Start a live session of a library session; return its join code."""
    response = http.post(http.base_url + "/console/start",
                         data={"session_id": session_id, "csrf_token": csrf_token(http)},
                         allow_redirects=False, timeout=10)
    if response.status_code not in (302, 303):
        raise AssertionError(f"POST /console/start: HTTP {response.status_code}\n{response.text[:2000]}")
    location = response.headers.get("Location", "")
    match = _LIVE_PATH.search(location.split("?", 1)[0])
    if match is None:
        raise AssertionError(f"unexpected redirect after start: {location!r}")
    return match.group(1)


def screen_token(http: FacilitatorHttp, code: str) -> str:
    """The presenter-screen token, parsed from the `/screen/<token>` link on the console page."""
    page = http.get(f"{http.base_url}/console/live/{code}", timeout=10)
    if page.status_code != 200:
        raise AssertionError(f"GET /console/live/{code}: HTTP {page.status_code}\n{page.text[:2000]}")
    match = _SCREEN_URL.search(page.text)
    if match is None:
        raise AssertionError(f"no /screen/<token> link on the console page:\n{page.text[:2000]}")
    return match.group(1)


def cookie_header(http: FacilitatorHttp) -> str:
    """The session's cookies as one `Cookie` header value."""
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in http.cookies)


# --- Socket.IO: console, screen and phones --------------------------------------------------

class RecordingClient:
    """A python-socketio Client on one namespace that records every event it receives.

    `events` is a list of (name, data) in arrival order; handlers run on client threads, so
    every access goes through a condition. Reconnects are managed by the test (`reconnect()`).
    """

    def __init__(self, url: str, namespace: str, auth: dict | None = None, headers: dict | None = None,
                 client_options: dict | None = None, transports: list[str] | None = None):
        self.url, self.namespace = url, namespace
        self.client_options, self.transports = dict(client_options or {}), transports
        self.auth = auth
        self.headers = {"User-Agent": TEST_USER_AGENT, **(headers or {})}
        self.events: list[tuple[str, Any]] = []
        self.connect_errors: list[Any] = []
        self._cond = threading.Condition()
        self.sio = self._new_client()

    def _new_client(self) -> socketio.Client:
        sio = socketio.Client(reconnection=False, **self.client_options)

        def record(event, *args):
            with self._cond:
                self.events.append((event, args[0] if len(args) == 1 else list(args)))
                self._cond.notify_all()

        def connect_error(data=None):
            with self._cond:
                self.connect_errors.append(data)
                self._cond.notify_all()

        sio.on("*", record, namespace=self.namespace)
        sio.on("connect_error", connect_error, namespace=self.namespace)
        return sio

    def connect(self) -> RecordingClient:
        """Connect; raises socketio.exceptions.ConnectionError when the server refuses."""
        self.sio.connect(self.url, namespaces=[self.namespace], auth=self.auth, headers=self.headers,
                         transports=self.transports, wait_timeout=CONNECT_TIMEOUT)
        return self

    def reconnect(self) -> RecordingClient:
        """Disconnect (if connected) and connect again as a fresh connection; keep the history."""
        self.close()
        self.sio = self._new_client()
        return self.connect()

    @property
    def connected(self) -> bool:
        return self.sio.connected and self.namespace in self.sio.namespaces

    def call(self, event: str, data=None, timeout: float = 10):
        """Emit an event and return the server's ack (raises socketio.exceptions.TimeoutError)."""
        return self.sio.call(event, data, namespace=self.namespace, timeout=timeout)

    def mark(self) -> int:
        """The number of events received so far; pass it as `since` to wait only for newer ones."""
        with self._cond:
            return len(self.events)

    def received(self, name: str | None = None, since: int = 0) -> list:
        """Payloads of received events (of one name), optionally only those after a mark."""
        with self._cond:
            return [data for event, data in self.events[since:] if name is None or event == name]

    def names(self) -> list[str]:
        with self._cond:
            return [event for event, _ in self.events]

    def wait_for(self, name: str, predicate: Callable[[Any], bool] | None = None, timeout: float = 5,
                 since: int = 0):
        """The first event `name` after `since` whose payload satisfies `predicate`; bounded wait."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event, data in self.events[since:]:
                    if event == name and (predicate is None or predicate(data)):
                        return data
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = json.dumps(self.events[since:], ensure_ascii=False, default=str)[:3000]
                    raise AssertionError(f"{self.namespace}: no matching {name!r} within {timeout} s; "
                                         f"received since {since}: {seen}")
                self._cond.wait(left)

    def close(self) -> None:
        """Disconnect; harmless when not connected or when the server is gone."""
        try:
            self.sio.disconnect()
        except Exception:  # noqa: BLE001 - a dead server or a closed socket is fine here
            pass


def console_client(server: ServerProcess, http: FacilitatorHttp, code: str, connect: bool = True) -> RecordingClient:
    """The live console: /console with {code} and the facilitator's session cookie."""
    client = RecordingClient(server.url, "/console", auth={"code": code}, headers={"Cookie": cookie_header(http)})
    return client.connect() if connect else client


def screen_client(server: ServerProcess, token: str, connect: bool = True) -> RecordingClient:
    """The presenter screen: /screen with {token}."""
    client = RecordingClient(server.url, "/screen", auth={"token": token})
    return client.connect() if connect else client


def phone_client(server: ServerProcess, code: str, connect: bool = True) -> RecordingClient:
    """A phone: /phone with {code}, no cookie."""
    client = RecordingClient(server.url, "/phone", auth={"code": code})
    return client.connect() if connect else client


# --- Redis: the message queue of several server processes -------------------------------------

class RedisProcess:
    """Debian's `redis-server` on 127.0.0.1 and a free port, nothing written to disk."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> RedisProcess:
        """Start it and wait until it answers PING."""
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "",
                                         "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not answer within 10 s")

    def stop(self) -> None:
        """Stop it; safe to call twice."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
