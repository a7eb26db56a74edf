"""SIGTERM and Ctrl+C stop a busy server at once, under eventlet and gevent alike.

A signal handler runs in whichever green thread holds the main thread. When it raised SystemExit
there, a Socket.IO handler swallowed it ("disconnect handler error") and the server served on
until systemd (or the tests) killed it ten seconds later.
"""
from __future__ import annotations

import signal
import threading
import time

import pytest
import socketio

from tests.server_process import ServerProcess, login, start_live

PHONES = 8


def _hammer(url: str, code: str, stop: threading.Event, sent: list[int]) -> None:
    """A phone sending refused answers as fast as the server acks them, so handlers always run."""
    client = socketio.Client(reconnection=False)
    client.connect(url, namespaces=["/phone"], auth={"code": code}, transports=["websocket"], wait_timeout=10)
    try:
        while not stop.is_set():
            client.call("submit_answer", {"answer_id": "a" * 22, "step_id": "geen-stap", "value": {"text": "x"}},
                        namespace="/phone", timeout=5)
            sent.append(1)
    except Exception:  # noqa: BLE001 - the server went away mid-call: what this test does to it
        pass
    finally:
        client.disconnect()


@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_ends_a_server_in_the_middle_of_socket_handlers_at_once(tmp_path, async_mode, how):
    server = ServerProcess(tmp_path / "data", async_mode=async_mode).start()
    stop, sent = threading.Event(), []
    try:
        code = start_live(login(server))
        phones = [threading.Thread(target=_hammer, args=(server.url, code, stop, sent)) for _ in range(PHONES)]
        for phone in phones:
            phone.start()
        deadline = time.monotonic() + 20
        while len(sent) < 200 and time.monotonic() < deadline:  # the handlers are busy
            time.sleep(0.05)
        assert len(sent) >= 200, server.log_text()
        signalled = time.monotonic()
        server.process.send_signal(how)
        status = server.process.wait(8)
        took = time.monotonic() - signalled
    finally:
        stop.set()
        server.kill9()
    assert status == 0 and took < 3, (status, took)
    assert "Traceback" not in server.log_text()
