"""Broken connects and packets against the real server (issue 15.14, 15.15): a documented answer, a quiet log.

Frames are written by hand over a WebSocket, so inputs no Socket.IO client would send reach the
server: a lone surrogate in the connect `auth`, packets of an unknown type, an ack id of 101
digits, an event without a name, binary and CONNECT_ERROR packets from a client.
"""
from __future__ import annotations

import json
import time

import pytest
import websocket

from tests.server_process import ServerProcess, login, start_live

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("frames") / "data").start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def code(server):
    return start_live(login(server))


def _socket(server):
    ws = websocket.create_connection(server.url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket",
                                     timeout=10)
    assert ws.recv().startswith("0{")
    return ws


def _reply(ws, prefix: str) -> str:
    while True:
        frame = ws.recv()
        if frame == "2":
            ws.send("3")
        elif frame.startswith(prefix):
            return frame


@pytest.mark.parametrize("namespace, auth", [
    ("/phone", '{"code":"\\ud800"}'), ("/phone", '{"code":"ABC\\udfff"}'), ("/screen", '{"token":"\\ud800"}'),
    ("/screen", '{"token":"abc\\udc00def"}'), ("/console", '{"code":"\\ud800"}'),
])
def test_a_lone_surrogate_in_the_connect_auth_is_a_connect_error(server, code, namespace, auth):
    """Issue 15.14: the documented connect_error, not an exception in the store and a closed connection."""
    ws = _socket(server)
    try:
        ws.send(f"40{namespace},{auth}")
        frame = _reply(ws, "4")
        assert frame.startswith(f"44{namespace},"), frame
        assert json.loads(frame[len(f"44{namespace},"):])["message"]
    finally:
        ws.close()
    assert "UnicodeEncodeError" not in server.log_text()


BROKEN_PACKETS = [
    "49/phone,[]",  # unknown Socket.IO packet type
    "42/phone," + "1" * 101 + '["sync",{}]',  # an ack id too long
    "42/phone,[]",  # an event without a name
    "42/phone,{}",
    "45/phone,1-[\"sync\",{\"_placeholder\":true,\"num\":0}]",  # binary from a client
    "44/phone,{}",  # CONNECT_ERROR from a client
    "46/phone,1-[]",
]


def test_broken_packets_leave_one_quiet_line_each_and_no_traceback(server, code):
    """Issue 15.15: KeyError, IndexError, "Unknown packet type", "id field is too long": no traceback."""
    for frame in BROKEN_PACKETS:
        ws = _socket(server)
        try:
            ws.send(f"40/phone,{json.dumps({'code': code})}")
            _reply(ws, "40/phone,")
            ws.send(frame)
            ws.send('42/phone,7["sync",{}]')  # the connection may be closed by the server, or still answer
            # or wait for the attachments a binary packet announced: an answer comes in 0.05 s.
            ws.settimeout(2)
            try:
                _reply(ws, "43/phone,7")
            except (websocket.WebSocketException, OSError):
                pass
        finally:
            ws.close()
    time.sleep(0.5)
    log = server.log_text()
    assert "Traceback" not in log, log[-3000:]
    quiet = [line for line in log.splitlines() if "refused an unreadable Socket.IO packet" in line]
    assert len(quiet) >= 5, log[-3000:]
    assert any("Unknown packet type" in line for line in quiet)
    assert any("id field is too long" in line for line in quiet)
    assert code not in "\n".join(quiet)  # nothing the client sent
