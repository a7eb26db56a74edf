"""Browser tests of what a room runs into: keys, countdown input, the wall, the word cloud, the join panel.

One server and one browser for the module; every test opens its own pages.
"""
from __future__ import annotations

import re

import pytest

from tests.test_browser import SECOND, browser, example_session, go_to, log_in_and_start, new_phone, server, sync_api  # noqa: F401

expect = sync_api.expect


def kind_index(kind: str) -> int:
    return next(i for i, s in enumerate(example_session()["steps"]) if s.get("kind") == kind)


@pytest.fixture(scope="module")
def live(browser, server):  # noqa: F811 - the imported fixtures
    """One live 'voorbeeld' session: (console, screen, code), shared by the keyboard tests."""
    return log_in_and_start(browser, server, "voorbeeld")


def position(console) -> str:
    return console.inner_text("#step-position").strip()


def test_space_on_a_focused_button_presses_it_and_never_moves_the_room_on(live):
    console, screen, _ = live
    index = kind_index("choice")
    go_to(console, screen, index)
    expect(console.locator("#btn-question-toggle")).to_have_text("Sluiten", timeout=5 * SECOND)
    console.focus("#btn-question-toggle")
    console.keyboard.press("Space")
    expect(console.locator("#btn-question-toggle")).to_have_text("Openen", timeout=5 * SECOND)
    expect(screen.locator("#question-state")).to_have_class(re.compile("is-closed"), timeout=5 * SECOND)
    console.focus("#btn-results-toggle")
    console.keyboard.press("Enter")
    expect(console.locator("#btn-results-toggle")).to_have_text("Resultaten tonen", timeout=5 * SECOND)
    console.keyboard.press("Space")
    expect(console.locator("#btn-results-toggle")).to_have_text("Resultaten verbergen", timeout=5 * SECOND)
    console.focus("#timer-minutes")
    console.keyboard.press("ArrowRight")
    console.keyboard.press("b")
    assert position(console) == str(index + 1)  # the room stayed on this step
    assert screen.get_attribute("#slide", "data-index") == str(index)
    assert "is-blank" not in (screen.get_attribute("body", "class") or "")
    console.focus("#btn-question-toggle")
    console.keyboard.press("Space")  # open it again for the next tests
    expect(console.locator("#btn-question-toggle")).to_have_text("Sluiten", timeout=5 * SECOND)


def test_shortcuts_are_listed_can_be_remapped_and_turned_off(live):
    console, screen, _ = live
    go_to(console, screen, 0)
    console.evaluate("document.activeElement.blur()")  # nothing focused
    console.keyboard.press("?")
    dialog = console.locator("#keys-dialog")
    expect(dialog).to_be_visible(timeout=5 * SECOND)
    rows = dialog.locator("#keys-table tr")
    labels = rows.locator("th").all_inner_texts()
    assert {"Volgende stap", "Vorige stap", "Scherm zwart of terug", "Deze lijst met sneltoetsen"} <= set(labels)
    assert "→" in dialog.locator("tr[data-action='next']").inner_text()

    dialog.locator("tr[data-action='next'] .keys-change").click()
    expect(dialog.locator("#keys-status")).to_contain_text("Druk op de nieuwe toets")
    console.keyboard.press("n")
    expect(dialog.locator("tr[data-action='next'] kbd")).to_have_text(["N"])
    dialog.locator("#keys-close").click()
    expect(dialog).to_be_hidden()
    console.keyboard.press("ArrowRight")  # no longer the key of "next"
    console.wait_for_timeout(400)
    assert position(console) == "1"
    console.keyboard.press("n")
    expect(console.locator("#step-position")).to_have_text("2", timeout=5 * SECOND)
    expect(console.locator("#keys-hint")).to_contain_text("N volgende stap")

    console.keyboard.press("?")
    dialog.locator("#keys-enabled").uncheck()
    dialog.locator("#keys-close").click()
    for key in ("n", "b", "ArrowLeft", "?"):
        console.keyboard.press(key)
    console.wait_for_timeout(400)
    assert position(console) == "2" and not dialog.is_visible()
    assert "is-blank" not in (screen.get_attribute("body", "class") or "")
    expect(console.locator("#keys-hint")).to_contain_text("Sneltoetsen staan uit")
    expect(screen.locator("#key-hint")).to_be_hidden()  # the screen window follows the choice

    console.click("#btn-keys")
    dialog.locator("#keys-enabled").check()
    dialog.locator("#keys-reset").click()
    dialog.locator("#keys-close").click()
    console.keyboard.press("ArrowLeft")
    expect(console.locator("#step-position")).to_have_text("1", timeout=5 * SECOND)


def test_an_action_appears_in_the_list_once_registered(live):
    console, screen, _ = live
    go_to(console, screen, kind_index("choice"))
    # The quick question (issue 11) registers Q through the table like any action.
    expect(console.locator("#keys-table tr[data-action='quick-question'] kbd")).to_have_text(["Q"])
    assert console.locator("#keys-table tr[data-action='proef-actie']").count() == 0
    console.evaluate("""() => LeersessieKeys.register({id: "proef-actie", label: "Proefactie", keys: ["x"],
                                                     run: () => { window.pressedX = (window.pressedX || 0) + 1; }})""")
    expect(console.locator("#keys-table tr[data-action='proef-actie'] kbd")).to_have_text(["X"])
    console.evaluate("document.activeElement.blur()")
    console.keyboard.press("x")
    console.focus("#timer-minutes")
    console.keyboard.press("x")  # typing, not a shortcut
    assert console.evaluate("window.pressedX") == 1
    console.evaluate("() => LeersessieKeys.unregister('proef-actie')")


def test_countdown_reads_dutch_durations_and_refuses_what_it_does_not_understand(live):
    console, screen, _ = live
    go_to(console, screen, kind_index("scale"))
    field, preview = console.locator("#timer-minutes"), console.locator("#timer-preview")
    for typed, understood in (("0,5", "30 seconden"), ("1,5", "1 min 30 s"), ("1:30", "1 min 30 s"),
                              ("90s", "1 min 30 s"), ("2 min", "2 minuten"), ("1.5", "1 min 30 s")):
        field.fill(typed)
        expect(preview).to_have_text(f"Start {understood} aftellen")
    for typed in ("05", "abc", "1:75", "-1", "", "120"):
        field.fill(typed)
        expect(preview).to_have_class(re.compile("is-error"))
        console.click("#btn-timer-start")
        expect(console.locator("#toasts .toast-error").last).to_contain_text(preview.inner_text())
    console.wait_for_timeout(300)  # a refused start sent nothing: no countdown anywhere
    assert console.locator("#timer-remaining").is_hidden() and screen.locator("#countdown").is_hidden()
    expect(preview).to_contain_text("hoogstens 60 minuten")
    field.fill("05")
    expect(preview).to_contain_text("Bedoel je 0,5 of 5?")
    field.fill("0,5")
    console.click("#btn-timer-start")
    expect(console.locator("#timer-remaining")).to_have_text(re.compile(r"^0:(30|29|28)$"), timeout=2 * SECOND)
    expect(screen.locator("#countdown")).to_have_text(re.compile(r"^0:(30|29|28|27)$"), timeout=2 * SECOND)
    console.click("#btn-timer-stop")
    expect(console.locator("#timer-remaining")).to_be_hidden(timeout=5 * SECOND)


# The contrast of the focus ring with what surrounds it: the outline colour against the first
# opaque background behind the element (WCAG 1.4.11 asks 3:1 for a focus indicator).
FOCUS_RING_CONTRAST = """(node) => {
  const style = getComputedStyle(node);
  if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) return 0;
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let around = node.parentElement, background = [255, 255, 255];
  while (around) {
    const color = rgb(getComputedStyle(around).backgroundColor);
    if (color.length < 4 || color[3] > 0.99) { background = color.slice(0, 3); break; }
    around = around.parentElement;
  }
  const ring = rgb(style.outlineColor);
  if (ring.length > 3 && ring[3] < 0.99) return 0;  // a see-through ring depends on what is behind it
  const [a, b] = [luminance(ring.slice(0, 3)), luminance(background)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def test_the_focus_ring_is_at_least_3_to_1_on_console_and_phone(live, browser, server):  # noqa: F811
    console, screen, code = live
    go_to(console, screen, kind_index("open"))
    for selector in ("#btn-next", "#btn-end", "#timer-minutes", ".step-item", "#btn-keys", "#btn-copy-screen",
                     ".nav-link", "#btn-logout", "#join-url"):
        target = console.locator(selector).first
        target.focus()
        console.keyboard.press("Shift")  # keyboard focus: :focus-visible applies
        ratio = target.evaluate(FOCUS_RING_CONTRAST)
        assert ratio >= 3, f"{selector}: focus ring {ratio:.2f}:1"
    phone = new_phone(browser)
    phone.goto(f"{server.url}/j/{code}")
    phone.wait_for_selector("#answer-text", timeout=5 * SECOND)
    for selector in ("#answer-text", "#submit-button"):
        target = phone.locator(selector)
        target.focus()
        ratio = target.evaluate(FOCUS_RING_CONTRAST)
        assert ratio >= 3, f"phone {selector}: focus ring {ratio:.2f}:1"
