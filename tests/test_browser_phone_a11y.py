"""Browser tests of the phone and library as a participant with zoom, a keyboard or a shared phone meets them.

One server and one browser for the module.
"""
from __future__ import annotations

import re

from tests.test_browser import (  # noqa: F401
    PASSWORD,
    PHONE,
    SECOND,
    answer,
    browser,
    example_session,
    go_to,
    log_in_and_start,
    new_phone,
    server,
    sync_api,
    wait_phone_step,
)

expect = sync_api.expect
STEPS = example_session()["steps"]
ZOOMED_PHONE = dict(PHONE, viewport={"width": 195, "height": 422})  # a 390 px phone at 200 % zoom

# Words of a rendered text that wrap over two lines without a soft hyphen to break at ("Vertrag|en").
MID_WORD_BREAKS = """(node) => {
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  const bad = [];
  let text;
  while ((text = walker.nextNode())) {
    const re = /\\S+/g;
    let match;
    while ((match = re.exec(text.data))) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1 && !match[0].includes("\\u00ad") && !match[0].includes("-")) bad.push(match[0]);
    }
  }
  return bad;
}"""


def index_of(kind: str) -> int:
    return next(i for i, s in enumerate(STEPS) if s.get("kind") == kind)


def test_at_200_percent_zoom_long_dutch_words_wrap_at_syllables_not_anywhere(browser, server):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "jeugdbeschermingsmaatregelen-in-de-proeftuin")
    phone = browser.new_context(**ZOOMED_PHONE).new_page()
    phone.goto(f"{server.url}/j/{code}")
    wait_phone_step(phone, 0, timeout=5 * SECOND)
    title = phone.locator("#session-title")
    assert title.evaluate("n => n.getClientRects().length && n.offsetHeight > 40")  # it does wrap
    assert title.evaluate(MID_WORD_BREAKS) == []
    assert title.evaluate("n => n.scrollWidth <= n.clientWidth + 1")
    assert phone.locator("#step-title").evaluate(MID_WORD_BREAKS) == []  # the title step's heading too
    go_to(console, screen, 1)
    wait_phone_step(phone, 1)
    assert title.evaluate(MID_WORD_BREAKS) == []  # a new step keeps the hyphenated title

    library = browser.new_context(viewport={"width": 640, "height": 400}).new_page()  # 1280 px at 200 %
    library.goto(f"{server.url}/login")
    library.fill("#password", PASSWORD)
    library.click("#btn-login")
    library.wait_for_url(re.compile(r"/console$"))
    for card_title in library.locator(".session-card .session-title").all():
        assert card_title.evaluate(MID_WORD_BREAKS) == [], card_title.inner_text()


def test_phone_radio_groups_move_with_arrow_keys_and_have_one_tab_stop(browser, server):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    phone = new_phone(browser)
    phone.goto(f"{server.url}/j/{code}")
    index = index_of("scale")
    go_to(console, screen, index)
    wait_phone_step(phone, index, timeout=5 * SECOND)
    buttons = phone.locator(".scale-button")
    assert [b.get_attribute("tabindex") for b in buttons.all()] == ["0", "-1", "-1", "-1", "-1"]
    buttons.nth(0).focus()
    phone.keyboard.press("ArrowRight")
    expect(buttons.nth(1)).to_be_focused()
    expect(buttons.nth(1)).to_have_attribute("aria-checked", "true")
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowDown")
    expect(buttons.nth(3)).to_have_attribute("aria-checked", "true")
    phone.keyboard.press("ArrowLeft")
    expect(buttons.nth(2)).to_be_focused()
    phone.keyboard.press("End")
    expect(buttons.nth(4)).to_have_attribute("aria-checked", "true")
    phone.keyboard.press("ArrowRight")  # wraps round
    expect(buttons.nth(0)).to_have_attribute("aria-checked", "true")
    assert [b.get_attribute("aria-checked") for b in buttons.all()].count("true") == 1
    assert [b.get_attribute("tabindex") for b in buttons.all()] == ["0", "-1", "-1", "-1", "-1"]
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("Tab")  # one tab stop: Tab leaves the group
    assert phone.evaluate("document.activeElement.className").find("scale-button") < 0
    phone.click("#submit-button")
    phone.wait_for_selector(".my-answer .answer-status:has-text('Ontvangen')", timeout=5 * SECOND)
    assert "3 van 5" in phone.inner_text(".my-answer")
    assert "ArrowRight" not in console.inner_text("#step-position")
    assert console.inner_text("#step-position").strip() == str(index + 1)  # the phone's keys steer nothing


def test_a_long_paste_is_shortened_at_a_word_and_said_so_before_sending(browser, server):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    phone = new_phone(browser)
    phone.goto(f"{server.url}/j/{code}")
    index = index_of("open")
    go_to(console, screen, index)
    wait_phone_step(phone, index, timeout=5 * SECOND)
    text = ("Ja, " + "Samenwerking met ouders vraagt geduld en vertrouwen. " * 12)[:600]
    phone.evaluate("""(text) => {
        const area = document.getElementById('answer-text');
        area.focus();
        const data = new DataTransfer();
        data.setData('text/plain', text);
        const event = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
        if (area.dispatchEvent(event)) { area.setRangeText(text.slice(0, area.maxLength)); }
    }""", text)
    notice = phone.locator("#answer-shortened")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Je tekst was te lang (600 tekens) en is ingekort")
    value = phone.input_value("#answer-text")
    assert len(value) <= 500 and text.startswith(value) and text[len(value)] == " "  # cut between words
    expect(phone.locator("#answer-counter")).to_contain_text("Nog ")
    phone.fill("#answer-text", "x" * 440)
    expect(phone.locator("#answer-counter")).to_have_text("440/500")
    phone.fill("#answer-text", "x" * 455)
    expect(phone.locator("#answer-counter")).to_have_text("Nog 45 tekens (maximaal 500)")
    expect(notice).to_be_hidden()


STORED_KEYS = "() => Object.keys(localStorage).filter(k => k.startsWith('leersessie:')).sort()"


def test_own_answers_leave_the_phone_when_the_session_ends_or_after_a_day(browser, server):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    phone = new_phone(browser)
    phone.goto(f"{server.url}/j/{code}")
    index = index_of("open")
    go_to(console, screen, index)
    answer(phone, index, "open", 4)
    assert f"leersessie:{code}:answers" in phone.evaluate(STORED_KEYS)
    assert "Antwoord 4" in phone.evaluate(f"localStorage.getItem('leersessie:{code}:answers')")
    phone.evaluate("""() => {
        const day = 24 * 60 * 60 * 1000;
        localStorage.setItem('leersessie:OUD111:answers', JSON.stringify([{id: 'x', value: {text: 'oud geheim'}}]));
        localStorage.setItem('leersessie:OUD111:queue', '[]');
        localStorage.setItem('leersessie:OUD111:saved', String(Date.now() - 2 * day));
        localStorage.setItem('leersessie:NIEUW2:answers', '[]');
        localStorage.setItem('leersessie:NIEUW2:saved', String(Date.now() - day / 2));
    }""")
    phone.reload()
    wait_phone_step(phone, index, timeout=5 * SECOND)
    keys = phone.evaluate(STORED_KEYS)
    assert not any(k.startswith("leersessie:OUD111:") for k in keys)
    assert "leersessie:NIEUW2:answers" in keys and f"leersessie:{code}:answers" in keys
    assert "Antwoord 4" in phone.inner_text(".my-answer")  # own answers survive a reload during the session

    console.on("dialog", lambda dialog: dialog.accept())
    console.click("#btn-end")
    phone.wait_for_selector("#session-ended", state="visible", timeout=5 * SECOND)
    assert not any(k.startswith(f"leersessie:{code}:") for k in phone.evaluate(STORED_KEYS))
    assert "Antwoord 4" in phone.inner_text(".my-answer")  # still on this page, but stored nowhere
    phone.reload()
    phone.wait_for_load_state()
    phone.wait_for_timeout(500)
    assert not any(k.startswith(f"leersessie:{code}:") for k in phone.evaluate(STORED_KEYS))
