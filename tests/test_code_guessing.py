"""Guessing join codes (issue 8.7): limited on the join page and the Socket.IO connect alike,
per client (behind --behind-proxy per forwarded address), and a right code is never refused."""
from __future__ import annotations

import pytest
import socketio

from run import create_app
from sessions import live as live_rules
from tests.conftest import PASSWORD
from tests.server_process import ServerProcess, login, phone_client, start_live

pytestmark = pytest.mark.timeout(120)


def test_behind_a_proxy_each_forwarded_address_has_its_own_limit(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "d"), "PASSWORD": PASSWORD,
                      "ASYNC_MODE": "threading", "BEHIND_PROXY": True})
    store = app.extensions["leersessie"].store
    code = live_rules.start_live(store, app.extensions["leersessie"].library()["vertragen-en-verdragen"]).code
    client = app.test_client()
    typist = {"X-Forwarded-For": "198.51.100.1"}
    neighbour = {"X-Forwarded-For": "198.51.100.2"}
    assert [client.get(f"/j/FOUT{n:02d}", headers=typist).status_code for n in range(21)][-1] == 429
    assert client.get(f"/j/{code}", headers=typist).status_code == 200
    assert client.get("/j/ANDERS", headers=neighbour).status_code == 404  # not locked out by someone else
    assert client.get(f"/j/{code}", headers=neighbour).status_code == 200


def test_without_the_proxy_flag_forwarded_addresses_are_ignored(app, running):
    client = app.test_client()
    for n in range(21):
        client.get(f"/j/FOUT{n:02d}", headers={"X-Forwarded-For": f"198.51.100.{n}"})
    assert client.get("/j/ANDERS", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 429
    assert client.get(f"/j/{running.code}").status_code == 200


def test_wrong_codes_over_socketio_are_limited_and_share_the_count_with_the_join_page(tmp_path):
    server = ServerProcess(tmp_path / "data").start()
    try:
        code = start_live(login(server))
        refusals = []
        for n in range(25):
            guesser = phone_client(server, f"FOUT{n:02d}", connect=False)
            with pytest.raises(socketio.exceptions.ConnectionError):
                guesser.connect()
            refusals.append(guesser.connect_errors[0]["message"])
            guesser.close()
        assert refusals[0].startswith("Deze code kennen we niet")
        assert refusals[-1] == "Te veel verkeerde codes. Wacht een minuut en probeer het opnieuw."
        assert refusals.count(refusals[-1]) == 5  # 20 wrong codes per minute
        import requests

        assert requests.get(f"{server.url}/j/NOGEEN", timeout=10).status_code == 429
        right = phone_client(server, code)  # a right code is never refused
        assert right.wait_for("step_changed")["index"] == 0
        assert requests.get(f"{server.url}/j/{code}", timeout=10).status_code == 200
        right.close()
    finally:
        server.stop()
