"""Shared fixtures: an app on a temporary data dir, a logged-in client, socket test clients."""
from __future__ import annotations

import os
import re

import pytest

# Screening loads deduce in a worker process (2-3 s, 1 GB): off for every in-process app unless a
# test turns it on (tests/test_screening*.py share one loaded screener instead).
os.environ.setdefault("LEERSESSIE_SCREENING", "off")

from run import create_app
from sessions import live as live_rules
from web.extensions import socketio

PASSWORD = "geheim-wachtwoord"


@pytest.fixture(scope="session")
def shared_chromium():
    """One headless Chromium for the whole run (one per xdist worker): launching one per module of
    browser tests cost seconds each. Tests reach it through `browser` (tests/test_browser.py)."""
    from playwright.sync_api import sync_playwright

    from tests import browser_front
    from tests.test_browser import ARGS, CHROMIUM

    browser_front.install()  # a click on a window behind another waits 1-2 s otherwise (see there)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def app(tmp_path):
    """An app with its own database; Socket.IO in threading mode for the test client."""
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "PASSWORD": PASSWORD,
                       "ASYNC_MODE": "threading"})


@pytest.fixture
def store(app):
    """The app's store."""
    return app.extensions["leersessie"].store


@pytest.fixture
def library(app):
    """The shipped session library, by id."""
    return app.extensions["leersessie"].library()


def csrf_of(client) -> str:
    """The CSRF token of a test client's session (made by visiting the login page)."""
    page = client.get("/login").get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', page)
    assert match, "login page has no csrf_token field"
    return match.group(1) or match.group(2)


@pytest.fixture
def facilitator(app):
    """A Flask test client logged in as facilitator, with `.csrf` set."""
    client = app.test_client()
    token = csrf_of(client)
    response = client.post("/login", data={"password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    with client.session_transaction() as flask_session:
        client.csrf = flask_session["csrf"]
    return client


@pytest.fixture
def running(store, library):
    """A running live session of 'Vertragen en verdragen'."""
    return live_rules.start_live(store, library["vertragen-en-verdragen"])


def step_index(found, kind: str) -> int:
    """The index of the first question step of a kind."""
    return next(i for i, s in enumerate(found.content.steps) if s.is_question and s.question.kind == kind)


@pytest.fixture
def console(app, facilitator, running):
    """A console socket client for the running live session."""
    client = socketio.test_client(app, namespace="/console", flask_test_client=facilitator,
                                  auth={"code": running.code})
    assert client.is_connected("/console")
    return client


@pytest.fixture
def make_phone(app, running):
    """A factory of phone socket clients joined to the running live session."""
    def make(code=None):
        return socketio.test_client(app, namespace="/phone", auth={"code": code or running.code})
    return make


# The longest modules first, so that no worker is left running one of them alone at the end of
# the run (pytest-xdist's loadfile hands out modules in collection order). From `--durations` of
# fresh-clone runs on two cores; a module missing here only runs later, never differently.
LONGEST_FIRST = ("test_browser_screen", "test_browser_qa", "test_browser_room", "test_editor_browser",
                 "test_browser", "test_accessibility_pages", "test_browser_talkback", "test_browser_trips",
                 "test_integration_server", "test_screening_server", "test_browser_phone_a11y",
                 "test_browser_review", "test_browser_themes", "test_accounts", "test_worker_lifecycle")


def pytest_collection_modifyitems(items):
    """Order the modules longest first (a stable sort: tests within a module keep their order)."""
    rank = {name: number for number, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))
