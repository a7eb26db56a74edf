"""Browser tests of what a walk through the whole product found (facilitator, screen, phones).

Each state a person sees gets an axe-core check; screenshots go to the test's tmp dir (and to
$LEERSESSIE_SHOTS when set, for a person to look at).
"""
from __future__ import annotations

import secrets

from tests.accessibility import assert_accessible
from tests.server_process import phone_client
from tests.test_browser import (  # noqa: F401
    PASSWORD,
    SECOND,
    browser,
    log_in_and_start,
    server,
    sync_api,
    wait_phone_step,
)
from tests.test_browser_talkback import NARROW, OPEN, ZOOMED, go_to, join_phones, send, shot

expect = sync_api.expect

# Every visible element of the slide whose box overlaps the top questions' panel.
OVERLAPS = """() => {
  const panel = document.getElementById('speaker-questions').getBoundingClientRect();
  return [...document.querySelectorAll('#slide *')].filter(node => {
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.left < panel.right - 1 && box.right > panel.left + 1
      && box.top < panel.bottom - 1 && box.bottom > panel.top + 1;
  }).map(node => node.tagName + '.' + node.className);
}"""


def ask(phone, text: str, status: str) -> None:
    phone.fill("#ask-text", text)
    phone.click("#ask-send")
    expect(phone.locator("#ask-status")).to_have_text(status, timeout=5 * SECOND)


def test_held_question_learns_its_outcome_and_top_questions_stand_beside_the_slide(browser, server,  # noqa: F811
                                                                                   tmp_path):
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    go_to(console, screen, OPEN)
    phone = browser.new_context(**NARROW).new_page()
    phone.goto(f"{server.url}/j/{code}")
    wait_phone_step(phone, OPEN, timeout=5 * SECOND)
    console.check("#review-all-run")  # every question waits for the facilitator
    console.check("#questions-open")
    expect(phone.locator("#ask")).to_be_visible(timeout=5 * SECOND)
    expect(phone.locator(".ask-list-heading")).to_have_text("Vragen uit de zaal")  # as the screen says it

    ask(phone, "Mag ik vragen hoe het met de familie Jansen gaat?", "Ontvangen — je vraag wordt eerst bekeken")
    mine = phone.locator("#ask-mine .ask-mine-item", has_text="familie Jansen")
    expect(mine.locator(".answer-status")).to_have_text("Ontvangen — wordt eerst bekeken")
    assert_accessible(phone, "phone, an own question waits for review")
    ask(phone, "Wie belt de school van Sanne morgen?", "Ontvangen — je vraag wordt eerst bekeken")
    console.locator(".review-item", has_text="familie Jansen").locator("button[data-review='allow']").click()
    expect(mine.locator(".answer-status")).to_have_text("Ontvangen ✓", timeout=5 * SECOND)
    expect(phone.locator("#ask-status")).to_have_text("Je vraag is bekeken: ontvangen ✓")
    expect(phone.locator(".ask-question", has_text="familie Jansen")).to_contain_text("Jouw vraag")
    console.locator(".review-item", has_text="school van Sanne").locator("button[data-review='hide']").click()
    hidden = phone.locator("#ask-mine .ask-mine-item", has_text="school van Sanne")
    expect(hidden.locator(".answer-status")).to_have_text("Niet getoond", timeout=5 * SECOND)
    expect(phone.locator(".ask-question", has_text="school van Sanne")).to_have_count(0)
    assert_accessible(phone, "phone, the outcomes of own questions")
    shot(phone, tmp_path, "phone-question-outcomes")

    console.check("#questions-on-screen")
    expect(screen.locator(".speaker-question")).to_contain_text("familie Jansen", timeout=5 * SECOND)
    # The panel has its own column: the question, its results and the join code stay readable.
    expect(screen.locator("#slide.has-join-bar")).to_have_count(1, timeout=5 * SECOND)
    assert screen.evaluate(OVERLAPS) == []
    assert_accessible(screen, "screen, top questions beside an open question")
    shot(screen, tmp_path, "screen-top-questions")
    console.uncheck("#questions-on-screen")
    expect(screen.locator("#speaker-questions")).to_be_hidden(timeout=5 * SECOND)
    expect(screen.locator("#slide .join-panel")).to_be_visible()  # the full join panel is back

    # Beëindigen: the closing slide stands alone, and the phone does not ask to try again.
    console.check("#questions-on-screen")
    expect(screen.locator("#speaker-questions")).to_be_visible(timeout=5 * SECOND)
    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#btn-end")
    expect(screen.locator("#slide[data-type='ended']")).to_have_count(1, timeout=10 * SECOND)
    expect(screen.locator("#speaker-questions")).to_be_hidden()
    expect(phone.locator("#ask")).to_be_hidden(timeout=5 * SECOND)
    phone.wait_for_timeout(9 * SECOND)  # past the phone's 8 s wait for a reply from the server that hung up
    assert "Probeer het zo opnieuw" not in phone.locator("body").inner_text()
    assert_accessible(screen, "screen, ended")


# Buttons whose text runs past their border, or that stick out of their answer card.
SPILLS = """() => [...document.querySelectorAll('.answer-actions .button')].filter(button => {
  const card = button.closest('.my-answer').getBoundingClientRect(), box = button.getBoundingClientRect();
  return button.scrollWidth > button.clientWidth + 1 || box.right > card.right + 1;
}).map(button => button.textContent)"""


# True when the word "Herkenbaar" of every vote button sits on one line.
WHOLE_WORD = """() => [...document.querySelectorAll('.vote-button')].every(button => {
  const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf('Herkenbaar');
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 'Herkenbaar'.length);
    return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size === 1;
  }
  return false;
})"""


def test_own_answer_buttons_stay_inside_their_card_at_200_percent_zoom(browser, server, tmp_path):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    go_to(console, screen, OPEN)
    zoomed, narrow = join_phones(browser, server, code, OPEN, ZOOMED, NARROW)
    for phone in (zoomed, narrow):
        send(phone, "Eerst luisteren, dan pas iets vinden")
    assert zoomed.evaluate(SPILLS) == []  # Wijzig and Intrekken one under the other
    zoomed.click("#others-refresh")
    expect(zoomed.locator(".other-answer .vote-button")).to_have_count(1, timeout=5 * SECOND)
    assert zoomed.evaluate(WHOLE_WORD)  # "Herkenbaar" on one line, "(0)" under it: not "Herkenbaa / r (0)"
    tops = narrow.locator(".answer-actions .button").evaluate_all(
        "nodes => nodes.map(n => n.getBoundingClientRect().top)")
    assert len(set(tops)) == 1  # on a phone without zoom still side by side
    assert_accessible(zoomed, "phone, an own answer at 200 % zoom")
    shot(zoomed, tmp_path, "phone-own-answer-zoomed")
    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#btn-end")  # after the end nothing can be sent: no button pretends otherwise
    expect(zoomed.locator(".vote-button")).to_be_disabled(timeout=10 * SECOND)
    expect(zoomed.locator("#others-refresh")).to_be_disabled()
    assert_accessible(zoomed, "phone, ended, at 200 % zoom")


def test_editor_opens_accessible_with_a_long_step_list(browser, server):  # noqa: F811
    """The editor opens on the session's own settings; its step list scrolls and must be reachable."""
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    page.goto(f"{server.url}/login")
    page.fill("#password", PASSWORD)
    page.click("#btn-login")
    page.goto(f"{server.url}/console/sessions/vertragen-en-verdragen/edit")
    expect(page.locator("#editor-step-list .step-entry")).to_have_count(19, timeout=5 * SECOND)
    assert page.evaluate("(l => l.scrollHeight > l.clientHeight)(document.getElementById('editor-step-list'))")
    assert_accessible(page, "editor, just opened (a scrolling step list)")
    page.click("#editor-step-list .step-entry[data-index='3']")
    expect(page.locator("#editor-step-list")).not_to_have_attribute("tabindex", "0")  # the step is the stop
    assert_accessible(page, "editor, a step chosen")


LONG = ("Hoe ga je om met een netwerk dat zelf deel is van het probleem, bijvoorbeeld als de grootouders de "
        "ouders steeds afvallen en de kinderen daar tussenin zitten, en wat betekent dat voor de professional?")


def test_top_questions_show_whole_questions_only(browser, server):  # noqa: F811
    """Long questions end in "…" after a few lines and those that do not fit are left off, never cut mid-line."""
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    go_to(console, screen, OPEN)
    console.check("#questions-open")
    phone = phone_client(server, code)
    try:
        for number in range(6):
            ack = phone.call("ask_question", {"question_id": secrets.token_urlsafe(16), "text": f"{number}. {LONG}"})
            assert ack["ok"], ack
    finally:
        phone.close()
    expect(console.locator(".question-row")).to_have_count(6, timeout=5 * SECOND)
    console.check("#questions-on-screen")
    expect(screen.locator("#speaker-questions")).to_be_visible(timeout=5 * SECOND)
    shown = screen.locator(".speaker-question")
    expect(shown.first).to_be_visible()
    assert 1 <= shown.count() < 6
    assert screen.evaluate("""() => {
      const panel = document.getElementById('speaker-questions'), box = panel.getBoundingClientRect();
      return panel.scrollHeight <= panel.clientHeight + 1 && [...panel.querySelectorAll('.speaker-question')]
        .every(item => item.getBoundingClientRect().bottom <= box.bottom + 1);
    }""")
    assert_accessible(screen, "screen, long top questions")
