"""Facilitator logins (issue 8.5, 8.6, 8.8): server-side login records, private files, safe redirects."""
from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from facilitator.access.login_throttle import LoginThrottle
from run import create_app
from tests.conftest import PASSWORD, csrf_of
from web.extensions import socketio

COOKIE = "leersessie_facilitator"


def logged_in(app):
    client = app.test_client()
    response = client.post("/login", data={"password": PASSWORD, "csrf_token": csrf_of(client)})
    assert response.status_code == 302, response.status_code
    with client.session_transaction() as flask_session:
        client.csrf = flask_session["csrf"]
    return client


def with_cookie(app, value):
    client = app.test_client()
    client.set_cookie(COOKIE, value)
    return client


def test_a_cookie_copied_before_logout_opens_nothing_afterwards(app, running):
    facilitator = logged_in(app)
    copied = facilitator.get_cookie(COOKIE).value
    assert with_cookie(app, copied).get("/console").status_code == 200
    assert facilitator.post("/logout", data={"csrf_token": facilitator.csrf}).status_code == 302

    replay = with_cookie(app, copied)
    assert replay.get("/console").status_code == 302
    assert replay.get(f"/console/live/{running.code}/export.csv").status_code == 302
    assert replay.get(f"/api/live/{running.code}/writeup").status_code == 401
    console = socketio.test_client(app, namespace="/console", flask_test_client=replay, auth={"code": running.code})
    assert not console.is_connected("/console")


def test_logout_closes_open_console_sockets_and_refuses_their_events(app, running):
    facilitator, other = logged_in(app), logged_in(app)
    mine = socketio.test_client(app, namespace="/console", flask_test_client=facilitator, auth={"code": running.code})
    theirs = socketio.test_client(app, namespace="/console", flask_test_client=other, auth={"code": running.code})
    assert mine.is_connected("/console") and theirs.is_connected("/console")
    facilitator.post("/logout", data={"csrf_token": facilitator.csrf})
    assert not mine.is_connected("/console")
    # Another login (another browser) is not affected.
    assert theirs.emit("next_step", {}, namespace="/console", callback=True)["ok"] is True


def test_console_events_check_the_login_every_time(app, running, store):
    facilitator = logged_in(app)
    console = socketio.test_client(app, namespace="/console", flask_test_client=facilitator,
                                   auth={"code": running.code})
    assert console.emit("next_step", {}, namespace="/console", callback=True)["ok"] is True
    store.revoke_all_logins()  # as a password change or another process would
    ack = console.emit("next_step", {}, namespace="/console", callback=True)
    assert ack["ok"] is False and ack["error"] == "forbidden" and "uitgelogd" in ack["message"]
    assert store.live_by_id(running.id).current_step == 1


def test_a_new_password_or_a_new_secret_ends_every_login(tmp_path):
    config = {"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "PASSWORD": PASSWORD, "ASYNC_MODE": "threading"}
    first = create_app(config)
    copied = logged_in(first).get_cookie(COOKIE).value
    same = create_app(config)  # a restart with the same password keeps the login
    assert with_cookie(same, copied).get("/console").status_code == 200
    renamed = create_app({**config, "PASSWORD": "een-ander-wachtwoord"})
    assert with_cookie(renamed, copied).get("/console").status_code == 302

    back = create_app(config)
    copied = logged_in(back).get_cookie(COOKIE).value
    os.remove(tmp_path / "data" / "secret_key")
    fresh_secret = create_app(config)
    store = fresh_secret.extensions["leersessie"].store
    assert store._one("SELECT COUNT(*) AS n FROM logins")["n"] == 0
    assert with_cookie(fresh_secret, copied).get("/console").status_code == 302


def test_data_dir_and_files_are_private_and_the_secret_is_not_in_the_database(app, tmp_path):
    logged_in(app)
    data = tmp_path / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("leersessie.db", "leersessie.db-wal", "secret_key"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    secret = (data / "secret_key").read_text().strip()
    assert secret == app.config["SECRET_KEY"] and len(secret) == 64
    on_disk = b"".join((data / name).read_bytes() for name in ("leersessie.db", "leersessie.db-wal"))
    assert secret.encode() not in on_disk
    with sqlite3.connect(data / "leersessie.db") as db:
        assert db.execute("SELECT COUNT(*) FROM settings WHERE key = 'secret_key'").fetchone()[0] == 0
        [(id_hash, account)] = db.execute("SELECT id_hash, account FROM logins").fetchall()
    assert len(id_hash) == 64 and account is None


def test_an_old_database_loses_its_stored_secret(tmp_path):
    data = tmp_path / "old"
    data.mkdir(mode=0o755)
    (data / "leersessie.lock").write_bytes(b"")
    os.chmod(data / "leersessie.lock", 0o644)
    with sqlite3.connect(data / "leersessie.db") as db:
        from sessions.store.database import MIGRATIONS

        db.executescript(MIGRATIONS[0] + "; PRAGMA user_version=1;")
        db.execute("INSERT INTO settings (key, value) VALUES ('secret_key', 'oud-geheim-in-de-database')")
    os.chmod(data / "leersessie.db", 0o644)
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "PASSWORD": PASSWORD, "ASYNC_MODE": "threading"})
    assert app.config["SECRET_KEY"] != "oud-geheim-in-de-database"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "leersessie.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "leersessie.lock").stat().st_mode) == 0o600
    db_bytes = b"".join(path.read_bytes() for path in data.glob("leersessie.db*"))
    assert b"oud-geheim-in-de-database" not in db_bytes


@pytest.mark.parametrize("target", ["/%09/evil.example/x", "//evil.example", "/\\evil.example", "https://evil.example",
                                    "/console%0d%0aSet-Cookie:%20x=1", "/%0a/evil.example", "/bestaat-niet",
                                    "/%E2%80%AE/evil", "javascript:alert(1)"])
def test_login_redirects_only_to_paths_of_this_app(app, target):
    client = app.test_client()
    token = csrf_of(client)
    response = client.post(f"/login?next={target}", data={"password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/console", response.headers["Location"]
    assert client.get(f"/login?next={target}").status_code == 200


def test_login_redirects_back_to_a_page_of_this_app(app, running):
    client = app.test_client()
    token = csrf_of(client)
    target = f"/console/live/{running.code}/opbrengst"
    response = client.post("/login", data={"password": PASSWORD, "csrf_token": token, "next": target})
    assert response.headers["Location"] == target


def test_throttle_delays_per_source_and_budgets_per_account():
    now = [100.0]
    throttle = LoginThrottle(clock=lambda: now[0])
    assert throttle.admit("a") == 0 and throttle.admit("a") == 1.0  # one check at a time per source
    throttle.done("a", ok=False)
    assert throttle.admit("a") == 0  # a first typo costs nothing
    throttle.done("a", ok=False)
    assert throttle.admit("a") == pytest.approx(0.5)
    for failures, delay in ((3, 1.0), (4, 2.0), (5, 2.0)):
        now[0] += 10
        assert throttle.admit("a") == 0
        throttle.done("a", ok=False)
        assert throttle.admit("a") == pytest.approx(delay), failures
    # Many sources share the account's budget: 10 at once, then 2 per second.
    now[0] += 100
    admitted = 0
    for number in range(40):
        if throttle.admit(f"bron{number}") == 0:
            admitted += 1
            throttle.done(f"bron{number}", ok=False)
    assert admitted == 10
    assert throttle.admit("facilitator") == pytest.approx(0.5)
    now[0] += 0.5  # the flood stops: half a second later the real facilitator is checked
    assert throttle.admit("facilitator") == 0


def test_cookie_is_secure_over_https_only(app):
    for base_url, secure in (("https://leersessie.example.nl", True), ("http://192.168.1.20:5000", False)):
        client = app.test_client()
        page = client.get("/login", base_url=base_url).get_data(as_text=True)
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = client.post("/login", data={"password": PASSWORD, "csrf_token": token}, base_url=base_url)
        cookie = response.headers["Set-Cookie"]
        assert response.status_code == 302 and ("; Secure" in cookie) is secure, cookie
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
