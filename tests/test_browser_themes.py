"""Browser test of the Thema's view: working by hand from an empty board, keyboard-only moving,
suggestions, drag and drop, and the screen's theme view at 1920×1080, each state with axe-core."""
from __future__ import annotations

import secrets

import pytest

from tests import themes_corpus
from tests.accessibility import assert_accessible
from tests.server_process import ServerProcess, phone_client
from tests.test_browser import (  # noqa: F401
    PASSWORD,
    SCREENSHOTS,
    SECOND,
    browser,
    go_to,
    log_in_and_start,
    sync_api,
)
from tests.test_themes_server import OPEN_INDEX, STEP_ID

expect = sync_api.expect
ANSWERS = [text for _, text in themes_corpus.load("tune")["veilig"]][:14]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("themes-browser") / "data", password=PASSWORD,
                            public_url_is_own=True)
    with process:
        yield process


def send_answers(server, code: str, texts: list[str]) -> None:
    for text in texts:
        phone = phone_client(server, code)
        try:
            ack = phone.call("submit_answer", {"answer_id": secrets.token_urlsafe(16), "step_id": STEP_ID,
                                               "value": {"text": text}})
            assert ack["ok"], ack
        finally:
            phone.close()


def row(console, text: str):
    return console.locator(".theme-answer", has_text=text)


def test_themes_view_by_hand_by_keyboard_suggested_and_on_screen(browser, server):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "vertragen-en-verdragen")
    console.set_viewport_size({"width": 1920, "height": 1080})
    go_to(console, screen, OPEN_INDEX)
    panel = console.locator("#themes-panel")
    expect(panel).to_be_visible(timeout=5 * SECOND)
    send_answers(server, code, ANSWERS)
    loose = console.locator(".theme-loose .theme-answer")
    expect(loose).to_have_count(len(ANSWERS), timeout=10 * SECOND)  # an empty board: all answers loose
    assert_accessible(console, "console, Thema's view, empty board")

    # By hand, keyboard only: tick two answers, name a theme, Enter.
    for text in ANSWERS[:2]:
        row(console, text).locator("input[type=checkbox]").focus()
        console.keyboard.press("Space")
    console.locator("#theme-new-label").focus()
    console.keyboard.type("Steun van het team")
    console.keyboard.press("Enter")
    made = console.locator(".theme-box", has=console.locator("h3", has_text="Steun van het team"))
    expect(made.locator(".theme-answer")).to_have_count(2, timeout=5 * SECOND)

    # Keyboard-only move: the answer's "Naar thema" list, then Tab to Verplaats and Enter.
    third = ANSWERS[2]
    row(console, third).locator("select").focus()
    console.keyboard.press("ArrowDown")  # from "Zonder thema" to the first theme
    console.keyboard.press("Tab")
    console.keyboard.press("Enter")
    expect(made.locator(".theme-answer", has_text=third)).to_have_count(1, timeout=5 * SECOND)
    expect(row(console, third).locator("button[data-act=move]")).to_be_focused()  # focus follows the answer
    assert_accessible(console, "console, Thema's view, a theme made by hand")

    # Suggestions place the other answers; the hand-made theme keeps its answers.
    console.click("#btn-themes-suggest")
    expect(console.locator(".theme-box.is-suggested").first).to_be_visible(timeout=90 * SECOND)
    expect(made.locator(".theme-answer", has_text=third)).to_have_count(1)
    expect(console.locator(".theme-loose .theme-answer")).to_have_count(0, timeout=10 * SECOND)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    console.screenshot(path=str(SCREENSHOTS / "console-themes.png"), full_page=True, animations="disabled")
    assert_accessible(console, "console, Thema's view with suggestions")

    # Drag and drop an answer from a suggestion into the hand-made theme.
    source = console.locator(".theme-box.is-suggested .theme-answer").first
    dragged = source.locator(".theme-answer-text").inner_text()
    source.locator(".theme-answer-text").drag_to(made.locator("h3"))
    expect(made.locator(".theme-answer", has_text=dragged)).to_have_count(1, timeout=5 * SECOND)

    # The screen shows the themes instead of the wall: readable from the back.
    console.locator("#themes-on-screen").focus()
    console.keyboard.press("Space")
    grid = screen.locator(".theme-grid")
    expect(grid).to_be_visible(timeout=5 * SECOND)
    expect(grid.locator(".theme-label", has_text="Steun van het team")).to_be_visible()
    sizes = screen.eval_on_selector_all(
        ".theme-grid .theme-label, .theme-grid .theme-example, .theme-grid .theme-count",
        "nodes => nodes.map(n => parseFloat(getComputedStyle(n).fontSize))")
    assert sizes and min(sizes) >= 28, sizes
    # Laid out as cards (a lost brace in screen.css once left them as a plain list).
    assert screen.eval_on_selector(".theme-grid", "n => getComputedStyle(n).display") == "grid"
    assert screen.eval_on_selector(".theme-card", "n => getComputedStyle(n).borderLeftStyle") == "solid"
    screen.screenshot(path=str(SCREENSHOTS / "screen-themes.png"), animations="disabled")
    assert_accessible(screen, "screen, theme view")

    # The opbrengst page: a theme becomes an insight, its label the heading, the text to write.
    console.goto(f"{server.url}/console/live/{code}/opbrengst")
    button = console.locator("button[data-theme-insight='Steun van het team']")
    expect(button).to_be_enabled(timeout=10 * SECOND)
    before = console.locator("#insights .insight-editor").count()
    button.focus()
    console.keyboard.press("Enter")
    expect(console.locator("#insights .insight-editor")).to_have_count(before + 1)
    expect(console.locator("#insights .insight-heading").last).to_have_value("Steun van het team")
    expect(console.locator("#insights .insight-body").last).to_be_focused()
    console.keyboard.type("Wie steun van collega's ervaart, durft te vertragen.")
    expect(console.locator("#section-themes")).to_contain_text(ANSWERS[2])
    console.screenshot(path=str(SCREENSHOTS / "opbrengst-themes.png"), full_page=True, animations="disabled")
    assert_accessible(console, "opbrengst page with themes")
