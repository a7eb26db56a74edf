"""What a new facilitator tripped over (issue 20), in a real browser: console, phone and opbrengst.

Controls named with their answer, a held answer said aloud and counted, a phone that announces
only what changed, one thank-you at the end. Every page state checked here passes axe-core.
"""
from __future__ import annotations

import re

from sessions.files.loader import LIBRARY_DIR, load_session
from tests.accessibility import assert_accessible
from tests.test_browser import (  # noqa: F401 - browser and server are fixtures
    PHONE,
    SCREENSHOTS,
    SECOND,
    browser,
    go_to,
    log_in_and_start,
    server,
    sync_api,
    wait_phone_step,
)

expect = sync_api.expect
SESSION = load_session(LIBRARY_DIR / "1-vertragen-en-verdragen.yaml")
OPEN_INDEX = next(i for i, s in enumerate(SESSION.steps) if s.is_question and s.asked.kind == "open")
CHOICE_INDEX = next(i for i, s in enumerate(SESSION.steps) if s.is_question and s.asked.kind == "choice")
CLOSING_INDEX = next(i for i, s in enumerate(SESSION.steps) if s.type == "closing")


def phone_at(browser, server, code, index):
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{server.url}/j/{code}")
    wait_phone_step(phone, index, timeout=5 * SECOND)
    return phone


def send(phone, text):
    phone.fill("#answer-text", text)
    phone.click("#submit-button")


def test_console_counts_and_announces_a_held_answer_and_names_each_control(browser, server):
    console, screen, code = log_in_and_start(browser, server, "vertragen-en-verdragen")
    go_to(console, screen, OPEN_INDEX)
    console.check("#review-all-run")  # every answer waits for review first
    phone = phone_at(browser, server, code, OPEN_INDEX)
    send(phone, "Eerst even rustig kijken")
    items = console.locator("#review-list .review-item")
    expect(items).to_have_count(1, timeout=5 * SECOND)
    # Point 13: the count of shown answers says that one waits; point 19: it is said aloud.
    expect(console.locator("#answer-count")).to_have_text("0")
    expect(console.locator("#answer-held")).to_have_text(" · 1 wacht op beoordeling")
    expect(console.locator("#console-announce")).to_have_text("1 antwoord wacht op beoordeling")
    # Point 17: the review buttons say which answer they act on.
    for action in ("allow", "edit", "hide"):
        expect(items.first.locator(f"button[data-review='{action}']")).to_have_accessible_description(
            "Eerst even rustig kijken")
    assert_accessible(console, "console, an answer waits for review")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    console.screenshot(path=str(SCREENSHOTS / "console-held-count.png"), animations="disabled")
    items.first.locator("button[data-review='allow']").click()
    expect(items).to_have_count(0, timeout=5 * SECOND)
    expect(console.locator("#answer-count")).to_have_text("1", timeout=5 * SECOND)
    expect(console.locator("#answer-held")).to_be_hidden()

    row = console.locator(".answer-row", has_text="Eerst even rustig kijken")
    for name in ("Verbergen", "Spotlight", "Ster"):
        button = row.get_by_role("button", name=name, exact=True)
        expect(button).to_have_accessible_description("Eerst even rustig kijken")
    star = row.locator(".btn-star")
    expect(star).to_have_attribute("aria-pressed", "false")
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true", timeout=5 * SECOND)
    expect(star).to_have_accessible_name("Ster")  # the ★ is decoration, the name stays
    hide = row.locator(".btn-hide")
    assert hide.get_attribute("aria-pressed") is None  # its text says what a press does
    for toggle in ("#btn-results-toggle", "#btn-blank", "#btn-join-panel"):  # the same for these
        assert console.get_attribute(toggle, "aria-pressed") is None, toggle
    hide.click()
    expect(hide).to_have_text("Tonen", timeout=5 * SECOND)
    assert_accessible(console, "console, answers with named buttons")

    # Point 15: a chosen option is no quote: no star on choice answers.
    choice = SESSION.steps[CHOICE_INDEX]
    go_to(console, screen, CHOICE_INDEX)
    console.uncheck("#review-all-run")
    wait_phone_step(phone, CHOICE_INDEX, timeout=5 * SECOND)
    for number, voter in enumerate((phone, phone_at(browser, server, code, CHOICE_INDEX),
                                    phone_at(browser, server, code, CHOICE_INDEX))):
        voter.locator(".option").first.click()  # three: the K threshold
        voter.click("#submit-button")
        if number == 0:  # point 10: below K the screen says how many there are and how many it needs
            expect(screen.locator(".results-withheld")).to_contain_text("1 van de 3 antwoorden die nodig zijn",
                                                                        timeout=5 * SECOND)
    choice_rows = console.locator(".answer-row", has_text=choice.question.options[0])
    expect(choice_rows).to_have_count(3, timeout=5 * SECOND)
    expect(choice_rows.locator(".btn-star:visible")).to_have_count(0)


def test_the_phone_says_only_what_changed_and_thanks_once(browser, server):
    console, screen, code = log_in_and_start(browser, server, "vertragen-en-verdragen")
    go_to(console, screen, OPEN_INDEX)
    phone = phone_at(browser, server, code, OPEN_INDEX)
    # Point 18: the step and the counter are no live regions; one quiet region says what changed.
    assert phone.get_attribute("#step", "aria-live") is None
    assert phone.get_attribute("#answer-counter", "aria-live") is None
    send(phone, "Eerste antwoord")
    phone.wait_for_selector(".answer-status:has-text('Ontvangen')", timeout=5 * SECOND)
    expect(phone.locator("#phone-announce")).to_have_text("Je antwoord is ontvangen.")
    send(phone, "Tweede antwoord")
    expect(phone.locator(".answer-status", has_text="Ontvangen")).to_have_count(2, timeout=5 * SECOND)
    # Only the new answer's outcome is announced, never the list of earlier answers.
    expect(phone.locator("#phone-announce")).to_have_text("Je antwoord is ontvangen.")
    limit = int(phone.get_attribute("#answer-text", "maxlength"))
    phone.fill("#answer-text", "a" * (limit // 2))
    phone.wait_for_timeout(200)
    assert phone.inner_text("#phone-announce") == "Je antwoord is ontvangen."  # typing far from the limit: silent
    phone.fill("#answer-text", "a" * (limit - 5))
    expect(phone.locator("#phone-announce")).to_have_text(re.compile(r"^Nog 5 tekens"))
    phone.fill("#answer-text", "")
    # After Intrekken the button is gone: the answer field gets the focus.
    withdraw = phone.locator(".my-answer", has_text="Tweede antwoord").locator(".answer-withdraw")
    expect(withdraw).to_have_accessible_description("Tweede antwoord")
    withdraw.click()
    expect(phone.locator("#answer-text")).to_be_focused()
    expect(phone.locator(".my-answer")).to_have_count(1, timeout=5 * SECOND)
    assert_accessible(phone, "phone after withdrawing an answer")

    # Point 12: on the closing slide the phone says thank you once, not in a banner and a card too.
    go_to(console, screen, CLOSING_INDEX)
    wait_phone_step(phone, CLOSING_INDEX, timeout=5 * SECOND)
    console.on("dialog", lambda dialog: dialog.accept())
    console.click("#btn-end")
    phone.wait_for_selector("#session-ended", state="visible", timeout=5 * SECOND)
    body = phone.inner_text("main")
    assert body.lower().count("dank je wel") == 1, body
    # Point 11: the beamer's closing slide shows no red "verbinding verbroken" after Beëindigen.
    screen.wait_for_timeout(1500)
    expect(screen.locator("#offline-dot")).to_be_hidden()
    assert_accessible(phone, "phone, session ended on the closing slide")


LONG_ANSWER = ("We merkten dat het overleg met de ouders pas echt op gang kwam toen we de tijd namen om samen "
               "terug te kijken op wat er de afgelopen maanden was gebeurd, zonder meteen naar oplossingen te "
               "zoeken, en dat de jeugdbeschermer daarin ook ruimte gaf aan de grootouders, die tot dan toe "
               "vooral aan de zijlijn stonden maar wel elke week bij het gezin over de vloer kwamen.")


def card_sizes(screen) -> list[float]:
    return screen.eval_on_selector_all(".wall-card:not([hidden])",
                                       "cards => cards.map(c => parseFloat(getComputedStyle(c).fontSize))")


def test_four_answers_share_one_screen_and_short_ones_stay_large(browser, server):
    console, screen, code = log_in_and_start(browser, server, "vertragen-en-verdragen")
    go_to(console, screen, OPEN_INDEX)
    phone = phone_at(browser, server, code, OPEN_INDEX)
    for text in ("Rust", "Samen kijken", "Tijd nemen"):
        send(phone, text)
    expect(screen.locator(".wall-card")).to_have_count(3, timeout=5 * SECOND)
    short_before = min(card_sizes(screen))
    send(phone, LONG_ANSWER)
    expect(screen.locator(".wall-card")).to_have_count(4, timeout=5 * SECOND)
    screen.wait_for_timeout(300)
    # Point 14: four answers are not paged, and the short ones keep (nearly) their size.
    assert screen.locator(".wall-pages").count() == 0
    expect(screen.locator(".wall-card:visible")).to_have_count(4)
    sizes = card_sizes(screen)
    floor = 1920 * 1.5 / 100
    assert min(sizes) >= floor - 0.5, sizes
    texts = screen.locator(".wall-card").all_inner_texts()
    shorts = [size for size, text in zip(sizes, texts, strict=True) if len(text) < 20]
    assert len(shorts) == 3 and min(shorts) >= short_before * 0.8 and min(shorts) > floor + 5, (sizes, short_before)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screen.screenshot(path=str(SCREENSHOTS / "screen-wall-four.png"), animations="disabled")

    # On a 1024×768 beamer a long compound word breaks at a syllable, with a hyphen.
    screen.set_viewport_size({"width": 1024, "height": 768})
    send(phone, "Jeugdbeschermingsmaatregelenoverleggen")
    expect(screen.locator(".wall-card")).to_have_count(5, timeout=5 * SECOND)
    screen.wait_for_timeout(500)
    card = screen.locator(".wall-card", has_text=re.compile("Jeugd"))
    text = card.locator(".wall-text").evaluate("n => n.textContent")
    assert "\u00ad" in text, text
    screen.screenshot(path=str(SCREENSHOTS / "screen-wall-1024.png"), animations="disabled")
    assert_accessible(screen, "screen, wall with a long answer")


def test_console_keys_notices_and_hints_say_what_is_true(browser, server):
    console, screen, code = log_in_and_start(browser, server, "vertragen-en-verdragen")
    # Point 15: the shortcuts list has the question's own actions too.
    console.keyboard.press("?")
    table = console.locator("#keys-table")
    for label in ("Vraag sluiten of openen", "Aftellen starten", "Volgend antwoord (leesmodus)"):
        expect(table).to_contain_text(label)
    console.keyboard.press("Escape")
    go_to(console, screen, OPEN_INDEX)
    console.keyboard.press("s")  # closes the open question
    expect(console.locator("#question-status")).to_have_text("Gesloten", timeout=5 * SECOND)
    # The blank-screen notice names the key the facilitator gave it, not B.
    console.evaluate("localStorage.setItem('leersessie-sneltoetsen', "
                     "JSON.stringify({off: false, keys: {blank: ['z']}}))")
    console.reload()
    # The current step is in the page's HTML; a key does something only once the live state arrived.
    console.wait_for_selector("#console[data-synced='true']", timeout=5 * SECOND)
    console.keyboard.press("z")
    expect(console.locator("#blank-notice")).to_be_visible(timeout=5 * SECOND)
    expect(console.locator("#blank-notice")).to_contain_text("Druk op Z of op")
    assert "Druk op B" not in console.inner_text("#blank-notice")
    console.keyboard.press("z")
    # "Schermlink kopiëren" looks like the button it is; the screen's F hint is readable.
    assert "btn-secondary" in console.get_attribute("#btn-copy-screen", "class")
    size = screen.eval_on_selector(".key-hint", "n => parseFloat(getComputedStyle(n).fontSize)")
    assert size >= 18, size
    assert_accessible(console, "console, question closed by key")


def test_opbrengst_item_buttons_say_which_insight_or_quote(browser, server):
    console, screen, code = log_in_and_start(browser, server, "vertragen-en-verdragen")
    console.goto(f"{server.url}/console/live/{code}/opbrengst")
    first = console.locator(".insight-editor").first
    expect(first).to_be_visible(timeout=5 * SECOND)
    # Point 17: Omhoog / Omlaag / Verwijderen per insight are named with it, in a named group.
    expect(first.get_by_role("group", name="Inzicht 1")).to_be_visible()
    expect(first.locator(".btn-down")).to_have_accessible_name("Omlaag: inzicht 1")
    expect(first.locator(".btn-remove")).to_have_accessible_name("Verwijderen: inzicht 1")
    second = console.locator(".insight-editor").nth(1)
    expect(second.locator(".btn-up")).to_have_accessible_name("Omhoog: inzicht 2")
    assert_accessible(console, "opbrengst page, named insight buttons")
