"""Two processes behind a real Caddy: the shipped Caddyfile.processes lines, sticky sessions for polling.

Phones connect through Caddy the way a browser starts: HTTP long-polling (every request of one
connection must reach the same process: `lb_policy cookie`), then the WebSocket upgrade. They
spread over both processes, and every answer reaches the screen once.
"""
from __future__ import annotations

import re
import secrets
import shutil

import pytest
import redis

from sessions.files.loader import load_session
from tests.server_process import (
    HOST,
    REPO_ROOT,
    RecordingClient,
    RedisProcess,
    ServerProcess,
    cookie_header,
    login,
    screen_token,
    start_live,
)
from tests.test_https_proxy import Caddy, _caddy, _global_log_lines, _trusting

pytestmark = [pytest.mark.timeout(240),
              pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs Debian's redis-server")]

SHIPPED = REPO_ROOT / "docs" / "deploy" / "Caddyfile.processes"
PHONES = 16  # each picks a process at random on its first request: all on one is 2 in 65,536


def _proxy_lines(ports: list[int]) -> str:
    text = SHIPPED.read_text(encoding="utf-8")
    found = re.search(r"# BEGIN leersessie processes.*?\n(.*?)\n\s*# END leersessie processes", text, re.S)
    assert found, "no processes block in the Caddyfile"
    block = found.group(1)
    assert "reverse_proxy 127.0.0.1:5001 127.0.0.1:5002 {" in block and "lb_policy cookie" in block
    return block.replace("127.0.0.1:5001 127.0.0.1:5002", " ".join(f"127.0.0.1:{port}" for port in ports))


@pytest.fixture
def two_behind_caddy(tmp_path):
    caddy_binary = _caddy()
    queue = RedisProcess().start()
    servers = []
    caddy = None
    try:
        for _ in range(2):
            servers.append(ServerProcess(tmp_path / "data", extra_args=[
                "--behind-proxy", "--message-queue", queue.url]).start())
        caddy = Caddy(tmp_path, servers[0].port)
        (tmp_path / "Caddyfile").write_text(f"""{{
	admin off
	auto_https disable_redirects
	skip_install_trust
	storage file_system {{
		root {tmp_path / "caddy-data"}
	}}
{_global_log_lines()}
}}

https://{HOST}:{caddy.port} {{
	bind {HOST}
	tls internal
{_proxy_lines([server.port for server in servers])}
}}
""", encoding="utf-8")
        yield servers, caddy.start(caddy_binary), queue
    finally:
        if caddy is not None:
            caddy.stop()
        for server in servers:
            server.stop()
        queue.stop()


def _client(caddy: Caddy, namespace: str, auth: dict, cookie: str | None = None) -> RecordingClient:
    """A browser-like client: its own cookie jar, polling first, then the upgrade."""
    client = RecordingClient(caddy.url, namespace, auth=auth, headers={"Cookie": cookie} if cookie else None,
                             client_options={"http_session": _trusting(caddy)}, transports=["polling", "websocket"])
    return client.connect()


def test_phones_spread_over_two_processes_behind_caddy_and_every_answer_arrives_once(two_behind_caddy):
    servers, caddy, queue = two_behind_caddy
    steps = load_session(REPO_ROOT / "sessions" / "library" / "1-vertragen-en-verdragen.yaml").steps
    open_index = next(i for i, step in enumerate(steps) if step.is_question and step.question.kind == "open")
    http = _trusting(caddy)
    login(servers[0], http, base_url=caddy.url)
    code = start_live(http)
    clients = []
    try:
        console = _client(caddy, "/console", {"code": code}, cookie_header(http))
        screen = _client(caddy, "/screen", {"token": screen_token(http, code)})
        phones = [_client(caddy, "/phone", {"code": code}) for _ in range(PHONES)]
        clients += [console, screen, *phones]
        assert console.call("go_to_step", {"index": open_index})["ok"]
        for phone in phones:
            phone.wait_for("step_changed", lambda data: data["index"] == open_index, timeout=10)
        texts = []
        for number, phone in enumerate(phones):
            texts.append(f"Via Caddy, telefoon {number}")
            ack = phone.call("submit_answer", {"answer_id": secrets.token_urlsafe(16), "step_id": steps[open_index].id,
                                               "value": {"text": texts[-1]}})
            assert ack["ok"], ack
        seen = screen.wait_for("results_updated", lambda data: data["summary"]["count"] == PHONES, timeout=15)
        assert sorted(item["text"] for item in seen["wall"]) == sorted(texts)
        shared = redis.Redis.from_url(queue.url)
        try:
            console.wait_for("phones_counted", lambda data: data["count"] == PHONES, timeout=15)
        except AssertionError as missing:  # say what each process published, and what they logged
            counts = {key: shared.hgetall(key) for key in shared.keys("leersessie:*:phones:*")}
            raise AssertionError(f"{missing}\ncounts in Redis: {counts}\n"
                                 + "\n".join(server.log_text()[-2000:] for server in servers)) from None
        # Both processes hold phones: each publishes its own count in Redis (web/live/cluster.py).
        per_process = [int(count) for key in shared.keys("leersessie:*:phones:*") for count in shared.hvals(key)]
        assert sorted(per_process) != [0, PHONES] and sum(per_process) == PHONES, per_process
        assert all(client.sio.eio.transport() == "websocket" for client in clients)  # upgraded through Caddy
    finally:
        for client in clients:
            client.close()
