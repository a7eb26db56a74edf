"""The editor by keyboard alone: Tab leaves the step list, arrows move in it, a session is made end to end.

The step list used to trap Tab (issue 20, point 16, WCAG 2.4.3 level A): any key on a focused
step that was not the chosen one chose it and rebuilt the list, so Tab went 1 → 1 → 2 → 1 …
"""
from __future__ import annotations

import re

import pytest

from sessions.files.loader import LIBRARY_DIR, load_session
from tests.accessibility import assert_accessible
from tests.server_process import ServerProcess
from tests.test_browser import SCREENSHOTS, SECOND, browser, sync_api  # noqa: F401 - browser is a fixture

expect = sync_api.expect
PASSWORD = "toetsenbord-wachtwoord"


@pytest.fixture(scope="module")
def sessions_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("eigen-sessies")


@pytest.fixture(scope="module")
def server(tmp_path_factory, sessions_dir):
    process = ServerProcess(tmp_path_factory.mktemp("data"), password=PASSWORD,
                            extra_args=("--sessions-dir", str(sessions_dir)), public_url_is_own=True)
    with process:
        yield process


def focused(page) -> dict:
    """What has the focus: its id, its step index (if a step entry) and whether it is in the list."""
    return page.evaluate("""() => { const a = document.activeElement;
        return {id: a.id, index: a.dataset ? a.dataset.index : undefined, tag: a.tagName,
                inList: !!a.closest('.editor-steps .step-entry')}; }""")


def tab_until(page, predicate, limit=40, key="Tab") -> dict:
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if predicate(now):
            return now
    raise AssertionError(f"{key} never reached the target; last focus {focused(page)}")


def log_in_by_keyboard(browser, server, width=1440, height=900):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(f"{server.url}/login")
    page.focus("#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/console$"))
    return page


def test_tab_leaves_the_step_list_from_any_step(browser, server):
    page = log_in_by_keyboard(browser, server)
    page.goto(f"{server.url}/console/sessions/vertragen-en-verdragen/edit")
    expect(page.locator("#save-status")).to_have_text("Opgeslagen", timeout=5 * SECOND)
    count = page.locator("#editor-step-list .step-entry").count()
    assert count > 5
    page.click("#editor-step-list .step-entry[data-index='0']")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert focused(page)["index"] == "3"
    page.keyboard.press("Tab")  # one Tab and the list is left, from the middle of it
    after = focused(page)
    assert not after["inList"] and after["id"] == "add-step-type", after
    expect(page.locator("#editor-step-list .step-entry[aria-current='true']")).to_have_attribute("data-index", "3")
    # Further Tabs reach the form of step 4 without ever coming back into the list.
    reached = tab_until(page, lambda now: now["inList"] or now["id"].startswith("field-steps-3"))
    assert not reached["inList"], reached
    # Shift+Tab comes back to the chosen step, the list's one Tab stop.
    back = tab_until(page, lambda now: now["inList"], key="Shift+Tab")
    assert back["index"] == "3"
    assert page.locator("#editor-step-list .step-entry[tabindex='0']").count() == 1
    assert_accessible(page, "editor, focus in the step list")


def test_a_session_made_by_keyboard_alone(browser, server, sessions_dir):
    page = log_in_by_keyboard(browser, server)
    tab_until(page, lambda now: now["id"] == "new-session-title")
    page.keyboard.type("Met het toetsenbord")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/console/sessions/met-het-toetsenbord/edit$"))
    expect(page.locator("#save-status")).to_have_text("Opgeslagen", timeout=5 * SECOND)
    # Into the list: its one Tab stop is the chosen part (the session itself).
    entry = tab_until(page, lambda now: now["inList"])
    assert entry["id"] == "session-entry"
    page.keyboard.press("ArrowDown")  # the title slide
    assert focused(page)["index"] == "0"
    expect(page.locator("#form-title")).to_have_text(re.compile("^Stap 1"))
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "add-step-type"
    for _ in range(4):  # Titel → Tekst → Citaat → Inzicht → Vraag: open
        page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#add-step-type", "node => node.value") == "question:open"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "btn-add-step"
    page.keyboard.press("Enter")
    # The new step is chosen and its first field has the focus.
    expect(page.locator("#form-title")).to_have_text(re.compile("^Stap 2"))
    field = tab_until(page, lambda now: now["id"] == "field-steps-1-prompt", limit=10) \
        if focused(page)["id"] != "field-steps-1-prompt" else focused(page)
    assert field["id"] == "field-steps-1-prompt"
    page.keyboard.type("Wat neem je mee?")
    # Back to the list and move the question to the front with Alt+↑.
    back = tab_until(page, lambda now: now["inList"], key="Shift+Tab")
    assert back["index"] == "1"
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#editor-step-list .step-entry[data-index='0'] .step-entry-type")).to_have_text(
        re.compile("vraag"))
    assert focused(page)["index"] == "0"
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("End")
    assert focused(page)["index"] == "2"
    expect(page.locator("#save-status")).to_have_text("Opgeslagen", timeout=10 * SECOND)
    expect(page.locator("#validity")).to_have_text(re.compile("^Geldig"))
    assert_accessible(page, "editor, made by keyboard")
    session = load_session(sessions_dir / "met-het-toetsenbord.yaml")
    assert [step.type for step in session.steps] == ["title", "question", "closing"]
    # The library: the shipped six marked Meegeleverd, this one Eigen (the README's picture).
    page.goto(f"{server.url}/console")
    expect(page.locator(".session-card .badge-shipped")).to_have_count(6)
    expect(page.locator(".session-card[data-session-id='met-het-toetsenbord'] .badge-own")).to_have_text("Eigen")
    assert_accessible(page, "library with shipped and own sessions")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "library.png"), animations="disabled")
    assert session.steps[1].question.prompt == "Wat neem je mee?"


def test_required_fields_first_technical_ones_under_geavanceerd_and_an_honest_preview(browser, server):
    page = log_in_by_keyboard(browser, server, 1440, 900)
    page.goto(f"{server.url}/console/sessions/vertragen-en-verdragen/edit")
    expect(page.locator("#save-status")).to_have_text("Opgeslagen", timeout=5 * SECOND)
    session = load_session(next(LIBRARY_DIR.glob("1-*.yaml")))
    index = next(i for i, s in enumerate(session.steps) if s.is_question and s.question.kind == "choice")
    page.click(f"#editor-step-list .step-entry[data-index='{index}']")
    # Point 6: the required options come right after the prompt, on screen at 1440×900.
    labels = page.eval_on_selector_all("#editor-form .field > label, #editor-form .check-row > label",
                                       "ls => ls.map(l => l.textContent)")
    assert labels.index("Opties") == labels.index("Vraag") + 1, labels
    assert page.locator(f"#field-steps-{index}-options").bounding_box()["y"] < 900 - 60
    advanced = page.locator("#advanced-fields")
    assert advanced.evaluate("d => !d.open")
    expect(page.locator(f"#field-steps-{index}-id")).to_be_hidden()
    expect(page.locator(f"#field-steps-{index}-k_threshold")).to_be_hidden()
    page.evaluate("window.scrollTo(0, 0)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "editor.png"), animations="disabled")  # the README picture, at 1440×900
    advanced.locator("summary").click()
    expect(page.locator(f"#field-steps-{index}-id")).to_be_visible()
    # Point 7: the preview shows this server's address and a placeholder code, not "VOORBE".
    phone = page.frame_locator("#preview-phone")
    expect(phone.locator("#session-code")).to_have_text("XXXXXX", timeout=5 * SECOND)
    screen_frame = page.frame_locator("#preview-screen")
    expect(screen_frame.locator("body")).not_to_contain_text("leersessie.lan")
    assert_accessible(page, "editor at 1440x900, choice question, Geavanceerd open")
    # Point 8: a Tekst step says that its text goes into the opbrengst too.
    statement = next(i for i, s in enumerate(session.steps) if s.type == "statement")
    page.click(f"#editor-step-list .step-entry[data-index='{statement}']")
    expect(page.locator(f"#field-steps-{statement}-text-hint")).to_contain_text("komt ook in de opbrengst")
