"""Facilitator accounts: single-password mode by default; with accounts each live run is its starter's.

The refusal test walks the app's own URL map and the console namespace's own event handlers,
so a route or event added later cannot be forgotten: an unclassified one fails the test.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from run import create_app
from sessions import live as live_rules
from tests.conftest import PASSWORD, csrf_of, step_index
from web.extensions import socketio

ROOT = Path(__file__).resolve().parents[1]
SECRETS = {"anna": "anna-wachtwoord", "bob": "bob-wachtwoord", "beheer": "beheer-wachtwoord"}
# Routes that are not about one live run, or that a run's token (not the login) opens.
NOT_ABOUT_ONE_RUN = {"facilitator.login", "facilitator.logout", "facilitator.library", "facilitator.start"}
# The Word template is the server's house style (admins change it; tests/test_word_template.py).
SERVER_SETTINGS = {"facilitator.settings", "facilitator.upload_word_template", "facilitator.delete_word_template",
                   "facilitator.sample_word_template"}
TOKEN_ROUTES = {"facilitator.screen"}  # the screen token is shown only on the owner's console page
SHARED_LIBRARY_ARGUMENTS = {"session_id", "audience"}  # session files and previews: shared by all


def cli(*args, env_extra=None):
    env = {key: value for key, value in os.environ.items() if not key.startswith("LEERSESSIE_")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "run.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=env, stdin=subprocess.DEVNULL)


@pytest.fixture
def team_app(tmp_path):
    """An app with three accounts: anna and bob (facilitators) and beheer (admin)."""
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "PASSWORD": PASSWORD,
                      "ASYNC_MODE": "threading"})
    store = app.extensions["leersessie"].store
    for name, secret in SECRETS.items():
        store.add_account(name, generate_password_hash(secret), is_admin=name == "beheer")
    return app


_sources = iter(range(1, 1_000_000))


def log_in(app, name: str | None, password: str, source: str | None = None):
    """A test client after a login attempt; `.status` is the answer to the POST, `.csrf` its token.

    Each attempt comes from its own address (the login throttle is per source) unless given one.
    """
    client = app.test_client()
    number = next(_sources)
    client.environ_base["REMOTE_ADDR"] = source or f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    data = {"password": password, "csrf_token": csrf_of(client)}
    if name is not None:
        data["name"] = name
    client.status = client.post("/login", data=data).status_code
    with client.session_transaction() as flask_session:
        client.csrf = flask_session.get("csrf")
    return client


def start(client, session_id="vertragen-en-verdragen") -> str:
    response = client.post("/console/start", data={"session_id": session_id, "csrf_token": client.csrf})
    assert response.status_code == 302, response.status_code
    found = re.search(r"/console/live/([A-Z0-9]+)$", response.headers["Location"])
    assert found, response.headers["Location"]
    return found.group(1)


def test_single_password_mode_is_the_default(facilitator, running, store):
    assert not store.has_accounts()
    page = facilitator.get("/console").get_data(as_text=True)
    assert running.code in page and 'name="name"' not in page
    assert facilitator.get(f"/console/live/{running.code}").status_code == 200


def test_with_accounts_a_name_is_needed_and_the_shared_password_stops(team_app):
    assert 'name="name"' in team_app.test_client().get("/login").get_data(as_text=True)
    assert log_in(team_app, None, PASSWORD).status == 401
    assert log_in(team_app, "anna", PASSWORD).status == 401
    assert log_in(team_app, "anna", SECRETS["bob"]).status == 401
    assert log_in(team_app, "niemand", SECRETS["anna"]).status == 401
    anna = log_in(team_app, "Anna", SECRETS["anna"])  # names are not case-sensitive
    assert anna.status == 302
    assert '<span class="nav-user" id="signed-in-as">anna</span>' in anna.get("/console").get_data(as_text=True)


def test_login_throttling_is_per_account(team_app):
    from facilitator.access.login_throttle import LoginThrottle

    # Time stands still: the account budget (10 checks, refilled over time) is not refilled mid-test.
    team_app.extensions["leersessie.login_throttle"] = LoginThrottle(clock=lambda: 1000.0)
    answers = [log_in(team_app, "anna", f"fout-{n}").status for n in range(14)]  # 14 addresses, one account
    assert answers.count(401) >= 10 and 429 in answers  # the account's budget, shared by every source
    assert log_in(team_app, "anna", SECRETS["anna"]).status == 429
    assert log_in(team_app, "bob", SECRETS["bob"]).status == 302  # another account is not slowed down
    unknown = [log_in(team_app, f"naam{n}", "fout").status for n in range(14)]
    assert 429 in unknown  # made-up names share one budget: no way around the limit, no unbounded memory


def _fill(rule, code: str) -> dict:
    values = {}
    for argument in rule.arguments:
        if argument == "code":
            values[argument] = code
        elif argument == "export_format":
            values[argument] = "csv"
        else:
            raise AssertionError(f"{rule.endpoint}: no test value for <{argument}>; classify this route")
    return values


def _run_routes(app):
    """Every facilitator route about one live run (any blueprint but the phones'), with its methods."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.startswith("participant."):
            continue  # the phones' pages: no login, and they never show answers
        if rule.endpoint in NOT_ABOUT_ONE_RUN | TOKEN_ROUTES | SERVER_SETTINGS:
            continue
        if "code" in rule.arguments or rule.endpoint == "facilitator.export_bundle":
            routes.append(rule)
            continue
        # The session library (files, editor, previews) is shared by every facilitator.
        assert rule.endpoint.startswith("editor.") and set(rule.arguments) <= SHARED_LIBRARY_ARGUMENTS, \
            f"unclassified facilitator route {rule.rule} ({rule.endpoint}): add it to a category of this test"
    return routes


def _request(client, rule, method: str, code: str):
    if rule.endpoint == "facilitator.export_bundle":
        return client.get(f"/console/export?format=csv&codes={code}")
    path = rule.build(_fill(rule, code), append_unknown=False)[1]
    headers = {"X-CSRF-Token": client.csrf}
    body = {"csrf_token": client.csrf, "confirm": code}
    if method == "PUT":
        return client.put(path, json={"statement": "overgenomen"}, headers=headers)
    return client.open(path, method=method, data=body if method == "POST" else None, headers=headers)


def test_every_facilitator_route_refuses_another_facilitators_run(team_app):
    anna, bob, admin = (log_in(team_app, name, SECRETS[name]) for name in ("anna", "bob", "beheer"))
    code = start(anna)
    own = start(bob)
    routes = _run_routes(team_app)
    assert {rule.endpoint for rule in routes} >= {"facilitator.console", "facilitator.end", "facilitator.delete",
                                                  "facilitator.opbrengst_page", "facilitator.writeup",
                                                  "facilitator.export_one", "facilitator.export_bundle"}
    checked = 0
    for rule in routes:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = _request(bob, rule, method, code)
            assert response.status_code == 403, f"{method} {rule.rule}: {response.status_code}"
            if not rule.rule.startswith("/api/"):
                assert "andere facilitator" in response.get_data(as_text=True)
            checked += 1
    assert checked >= 8
    store = team_app.extensions["leersessie"].store
    found = store.live_by_code(code)
    assert found.is_live and store.writeup(found.id).statement is None  # nothing changed

    library = bob.get("/console").get_data(as_text=True)
    assert own in library and code not in library
    assert code in anna.get("/console").get_data(as_text=True)
    admin_library = admin.get("/console").get_data(as_text=True)
    assert code in admin_library and own in admin_library
    # The owner and the admin get through (the owner's own run is not refused).
    for client in (anna, admin):
        assert client.get(f"/console/live/{code}").status_code == 200
        assert client.get(f"/console/live/{code}/export.csv").status_code == 200
    assert bob.get(f"/console/live/{own}").status_code == 200


def _console_events() -> list[str]:
    handlers = socketio.server.handlers.get("/console", {})  # type: ignore[attr-defined]  # not in the stubs
    return sorted(name for name in handlers if name not in ("connect", "disconnect", "*"))


def test_console_socket_refuses_another_facilitators_run_for_every_event(team_app):
    anna, bob, admin = (log_in(team_app, name, SECRETS[name]) for name in ("anna", "bob", "beheer"))
    code = start(anna)
    store = team_app.extensions["leersessie"].store
    events = _console_events()
    assert {"go_to_step", "next_step", "end_live", "open_question", "moderate_answer"} <= set(events)

    refused = socketio.test_client(team_app, namespace="/console", flask_test_client=bob, auth={"code": code})
    assert not refused.is_connected("/console")
    admitted = socketio.test_client(team_app, namespace="/console", flask_test_client=admin, auth={"code": code})
    assert admitted.is_connected("/console")
    admitted.disconnect(namespace="/console")

    # A console connected while it was allowed: once the account is gone, every event is refused.
    console = socketio.test_client(team_app, namespace="/console", flask_test_client=anna, auth={"code": code})
    assert console.is_connected("/console")
    found = store.live_by_code(code)
    store.remove_account(store.account_by_name("anna").id)
    question = found.content.steps[step_index(found, "open")]
    payloads = {"go_to_step": {"index": 1}, "set_blank": {"blank": True},
                "start_timer": {"step_id": question.id, "seconds": 30},
                "show_results": {"step_id": question.id, "visible": True},
                "moderate_answer": {"answer_id": "x" * 22, "action": "hide"}}
    for event in events:
        ack = console.emit(event, payloads.get(event, {"step_id": question.id}), namespace="/console", callback=True)
        assert isinstance(ack, dict) and ack.get("ok") is False, f"{event}: {ack}"
    after = store.live_by_code(code)
    assert after.is_live and after.current_step == found.current_step and after.blank == found.blank


def test_runs_from_before_the_accounts_are_for_admins(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "PASSWORD": PASSWORD,
                      "ASYNC_MODE": "threading"})
    store = app.extensions["leersessie"].store
    library = app.extensions["leersessie"].library()
    old = live_rules.start_live(store, library["vertragen-en-verdragen"])
    shared = log_in(app, None, PASSWORD)
    assert shared.status == 302 and shared.get("/console").status_code == 200
    for name, secret in SECRETS.items():
        store.add_account(name, generate_password_hash(secret), is_admin=name == "beheer")
    assert shared.get("/console").status_code == 302  # a shared-password login opens nothing with accounts
    anna, admin = log_in(app, "anna", SECRETS["anna"]), log_in(app, "beheer", SECRETS["beheer"])
    assert old.code not in anna.get("/console").get_data(as_text=True)
    assert anna.get(f"/console/live/{old.code}").status_code == 403
    assert admin.get(f"/console/live/{old.code}").status_code == 200


def test_account_commands(tmp_path):
    data = ["--data-dir", str(tmp_path / "data")]
    assert "één facilitatorwachtwoord" in cli("list-facilitators", *data).stdout
    added = cli("add-facilitator", "Anna de Vries", "--admin", *data,
                env_extra={"LEERSESSIE_PASSWORD": "anna-geheim-1"})
    assert added.returncode == 0 and "eerste account" in added.stdout, added.stderr
    generated = cli("add-facilitator", "bob", "--generate", *data)
    password = re.search(r"één keer getoond\): (\S+)", generated.stdout).group(1)
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password) and not password.startswith("-")
    again = cli("add-facilitator", "BOB", "--generate", *data)
    assert again.returncode == 1 and "al een facilitator" in again.stderr
    assert cli("add-facilitator", "bob\u0007", "--generate", *data).returncode == 2
    assert cli("add-facilitator", "x" * 41, "--generate", *data).returncode == 2
    no_password = cli("add-facilitator", "carla", *data)  # no terminal, no LEERSESSIE_PASSWORD
    assert no_password.returncode == 1 and "LEERSESSIE_PASSWORD" in no_password.stderr

    listed = cli("list-facilitators", *data).stdout
    assert re.search(r"^Anna de Vries\s+beheerder", listed, re.M) and re.search(r"^bob\s+facilitator", listed, re.M)
    assert "carla" not in listed

    from werkzeug.security import check_password_hash

    from sessions.store.database import Store

    store = Store(tmp_path / "data" / "leersessie.db")
    assert check_password_hash(store.account_by_name("bob").password_hash, password)
    reset = cli("set-password", "--facilitator", "bob", "--generate", *data)
    assert reset.returncode == 0, reset.stderr
    new_password = re.search(r"één keer getoond\): (\S+)", reset.stdout).group(1)
    assert check_password_hash(store.account_by_name("bob").password_hash, new_password)

    removed = cli("remove-facilitator", "bob", *data)
    assert removed.returncode == 0 and store.account_by_name("bob") is None
    assert cli("remove-facilitator", "bob", *data).returncode == 1
    last = cli("remove-facilitator", "anna de vries", *data)
    assert last.returncode == 0 and "weer één facilitatorwachtwoord" in last.stdout
    assert not store.has_accounts()
