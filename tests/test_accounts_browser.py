"""In the browser: the login with a name, the library of one account, the console of a loopback-only server.

axe-core over each page (0 violations); screenshots go to LEERSESSIE_SCREENSHOTS_DIR when set.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.accessibility import axe_violations, describe
from tests.server_process import REPO_ROOT, ServerProcess
from tests.test_browser import SECOND, browser  # noqa: F401

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def team_server(tmp_path_factory):
    """A loopback-only server (no --public-url) with the accounts anna and bob."""
    data_dir = tmp_path_factory.mktemp("team") / "data"
    env = {key: value for key, value in os.environ.items() if not key.startswith("LEERSESSIE_")}
    for name in ("anna", "bob"):
        added = subprocess.run([sys.executable, "run.py", "add-facilitator", name, "--data-dir", str(data_dir)],
                               cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                               env={**env, "LEERSESSIE_PASSWORD": f"{name}-wachtwoord"})
        assert added.returncode == 0, added.stderr
    with ServerProcess(data_dir) as server:
        yield server


def _check(page, name: str, found: dict) -> None:
    violations = axe_violations(page)
    if violations:
        found[name] = violations
    folder = os.environ.get("LEERSESSIE_SCREENSHOTS_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"accounts-{name}.png"), full_page=True)


def _log_in(browser, server, name: str):  # noqa: F811
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{server.url}/login")
    page.fill("#name", name)
    page.fill("#password", f"{name}-wachtwoord")
    page.click("#btn-login")
    page.wait_for_url(re.compile(r"/console$"), timeout=15 * SECOND)
    return page


def test_accounts_login_library_and_loopback_console(browser, team_server):  # noqa: F811
    found: dict = {}
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{team_server.url}/login")
    assert page.is_visible("#name") and page.is_visible("#password")
    _check(page, "login", found)
    page.fill("#name", "anna")
    page.fill("#password", "bob-wachtwoord")
    page.click("#btn-login")
    page.wait_for_selector("#login-error", timeout=15 * SECOND)
    assert "naam of wachtwoord" in page.inner_text("#login-error")
    _check(page, "login-wrong", found)

    anna = _log_in(browser, team_server, "anna")
    assert anna.inner_text("#signed-in-as") == "anna"
    _check(anna, "library", found)
    anna.click(".session-card[data-session-id='vertragen-en-verdragen'] .btn-start")
    anna.wait_for_url(re.compile(r"/console/live/[A-Z0-9]{6}$"), timeout=15 * SECOND)
    code = anna.url.rsplit("/", 1)[1]
    warning = anna.inner_text("#join-warning")
    assert "alleen op deze computer" in warning and f"{team_server.url}/" in warning
    assert anna.get_attribute("#join-url", "href") == f"{team_server.url}/j/{code}"
    _check(anna, "console-loopback", found)

    bob = _log_in(browser, team_server, "bob")
    assert code not in bob.content()
    response = bob.goto(f"{team_server.url}/console/live/{code}")
    assert response.status == 403 and "andere facilitator" in bob.content()
    _check(bob, "refused", found)
    report = "\n\n".join(f"== {name}\n{describe(v)}" for name, v in found.items())
    assert not found, f"axe-core violations:\n{report}"
