"""Browser tests of issue 17 on the phone: where an answer goes, the others' answers, herkenbaar, asking.

Every state a participant sees is checked with axe-core at 360 px and at 200 % zoom (180 px).
Screenshots go to the test's tmp dir (and to $LEERSESSIE_SHOTS when set, for a person to look at).
"""
from __future__ import annotations

import os
from pathlib import Path

from tests.accessibility import assert_accessible
from tests.server_process import console_client, login
from tests.test_browser import (  # noqa: F401
    PHONE,
    SECOND,
    browser,
    example_session,
    log_in_and_start,
    server,
    sync_api,
    wait_phone_step,
)

expect = sync_api.expect
STEPS = example_session()["steps"]
OPEN = next(i for i, s in enumerate(STEPS) if s.get("kind") == "open")
NARROW = dict(PHONE, viewport={"width": 360, "height": 740})
ZOOMED = dict(PHONE, viewport={"width": 180, "height": 370})  # 360 px at 200 % zoom


def go_to(console, screen, index: int) -> None:
    """Like test_browser.go_to, with room for a machine that is busy with other suites."""
    console.click(f"#step-list .step-item[data-index='{index}']")
    screen.wait_for_selector(f"#slide[data-index='{index}']", timeout=10 * SECOND)


def shot(page, tmp_path: Path, name: str) -> None:
    target = Path(os.environ.get("LEERSESSIE_SHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"), full_page=True)


def join_phones(browser, server, code: str, index: int, *layouts: dict) -> list:
    """A phone per layout (NARROW, ZOOMED), each joined and showing step `index`."""
    phones = [browser.new_context(**layout).new_page() for layout in layouts]
    for phone in phones:
        phone.goto(f"{server.url}/j/{code}")
        wait_phone_step(phone, index, timeout=5 * SECOND)
    return phones


def send(phone, text: str, report: bool = False) -> None:
    phone.fill("#answer-text", text)
    if report:
        phone.check("#visibility-report")
    phone.click("#submit-button")
    expect(phone.locator(".my-answer", has_text=text).locator(".answer-status")).to_contain_text("Ontvangen",
                                                                                               timeout=5 * SECOND)


def test_phone_reads_others_marks_herkenbaar_and_keeps_report_only_off(browser, server, tmp_path):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    go_to(console, screen, OPEN)
    narrow, zoomed = join_phones(browser, server, code, OPEN, NARROW, ZOOMED)
    expect(narrow.locator("#visibility-screen")).to_be_checked()
    assert_accessible(narrow, "phone, open question with the visibility choice (360 px)")
    send(zoomed, "Alleen in het verslag graag", report=True)
    expect(zoomed.locator(".answer-report-only")).to_have_text("Alleen voor het verslag")
    send(zoomed, "Rust nemen voor het gesprek")
    send(narrow, "Eerst luisteren")
    others = narrow.locator("#others-list .other-answer")
    expect(others).to_have_count(2, timeout=5 * SECOND)
    expect(narrow.locator("#others")).not_to_contain_text("Alleen in het verslag")
    vote = narrow.locator(".other-answer", has_text="Rust nemen").locator(".vote-button")
    expect(vote).to_have_attribute("aria-pressed", "false")
    vote.click()
    expect(vote).to_have_attribute("aria-pressed", "true")
    expect(vote).to_contain_text("(1)")
    expect(narrow.locator(".other-answer", has_text="Eerst luisteren")).to_contain_text("Jouw antwoord")
    assert_accessible(narrow, "phone, the others' answers with a herkenbaar mark (360 px)")
    shot(narrow, tmp_path, "phone-others-360")
    zoomed.click("#others-refresh")
    expect(zoomed.locator(".other-answer", has_text="Rust nemen")).to_contain_text("1 keer herkend")
    assert zoomed.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling
    assert_accessible(zoomed, "phone, the others' answers at 200 % zoom")
    shot(zoomed, tmp_path, "phone-others-zoomed")
    page = console.context.new_page()
    page.wait_for_timeout(600)  # the count is stored at the broadcaster's next tick
    page.goto(f"{server.url}/console/live/{code}/opbrengst")
    expect(page.locator("#section-recognised")).to_contain_text("Rust nemen voor het gesprek")
    expect(page.locator("#section-recognised")).to_contain_text("1 × herkend")
    assert_accessible(page, "opbrengst page with the most recognised answers")
    shot(page, tmp_path, "opbrengst-recognised")
    vote.click()  # the toggle takes the mark back
    expect(vote).to_have_attribute("aria-pressed", "false")
    expect(vote).to_contain_text("(0)")


def test_phone_asks_the_speaker_and_votes_for_questions(browser, server, tmp_path):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    asker, voter = join_phones(browser, server, code, 0, NARROW, ZOOMED)
    expect(asker.locator("#ask")).to_have_count(0)
    facilitator = console_client(server, login(server, base_url=server.url), code)
    try:
        assert facilitator.call("set_questions", {"open": True})["ok"]
        expect(asker.locator("#ask")).to_be_visible(timeout=5 * SECOND)
        assert_accessible(asker, "phone, questions to the speaker open (360 px)")
        asker.fill("#ask-text", "Hoe houd je dit vol als het gezin boos wordt?")
        asker.click("#ask-send")
        expect(asker.locator("#ask-status")).to_have_text("Ontvangen ✓", timeout=5 * SECOND)
        expect(asker.locator(".ask-question")).to_contain_text("Jouw vraag · 0 stemmen")
        voter.click(".ask-refresh")
        vote = voter.locator(".ask-question .vote-button")
        vote.click()
        expect(vote).to_have_attribute("aria-pressed", "true")
        expect(vote).to_contain_text("(1)")
        assert voter.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert_accessible(voter, "phone, questions with a vote at 200 % zoom")
        shot(voter, tmp_path, "phone-questions-zoomed")
        shot(asker, tmp_path, "phone-questions-360")
        assert facilitator.call("set_questions", {"open": False})["ok"]
        expect(asker.locator("#ask")).to_be_hidden(timeout=5 * SECOND)
    finally:
        facilitator.close()


def test_console_switches_and_questions_and_the_screen_shows_top_questions(browser, server, tmp_path):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    go_to(console, screen, OPEN)
    phone = browser.new_context(**NARROW).new_page()
    phone.goto(f"{server.url}/j/{code}")
    wait_phone_step(phone, OPEN, timeout=5 * SECOND)
    send(phone, "Alleen voor het verslag: dit", report=True)
    send(phone, "Dit mag iedereen zien")
    row = console.locator(".answer-row", has_text="Alleen voor het verslag: dit")
    expect(row.locator(".answer-meta")).to_have_text("Alleen voor het verslag", timeout=5 * SECOND)
    expect(screen.locator(".wall-card")).to_have_count(1, timeout=5 * SECOND)
    console.check("#questions-open")
    expect(phone.locator("#ask")).to_be_visible(timeout=5 * SECOND)
    phone.fill("#ask-text", "Wat doe je als ouders niet komen?")
    phone.click("#ask-send")
    expect(phone.locator("#ask-status")).to_have_text("Ontvangen ✓", timeout=5 * SECOND)
    question = console.locator(".question-row", has_text="Wat doe je als ouders niet komen?")
    expect(question).to_contain_text("Open · 0 stemmen", timeout=5 * SECOND)
    console.check("#questions-on-screen")
    expect(screen.locator("#speaker-questions")).to_be_visible(timeout=5 * SECOND)
    expect(screen.locator(".speaker-question")).to_contain_text("Wat doe je als ouders niet komen?")
    assert_accessible(screen, "screen with the top questions")
    assert_accessible(console, "console with questions to the speaker")
    shot(console, tmp_path, "console-questions")
    shot(screen, tmp_path, "screen-questions")
    question.locator("button", has_text="Beantwoord").click()
    expect(question).to_contain_text("Beantwoord · 0 stemmen", timeout=5 * SECOND)
    expect(screen.locator(".speaker-question")).to_have_count(0, timeout=5 * SECOND)
    expect(phone.locator("#others-list .other-answer")).to_have_count(1, timeout=5 * SECOND)
    console.uncheck("#phone-view-question")  # the phone hears it: no tap on Vernieuwen needed
    expect(phone.locator("#others-status")).to_contain_text("niet op telefoons", timeout=5 * SECOND)
    expect(phone.locator("#others-list .other-answer")).to_have_count(0)


def test_choice_results_on_the_phone_and_hidden_results_leave_the_phone(browser, server, tmp_path):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    choice = next(i for i, s in enumerate(STEPS) if s.get("kind") == "choice")
    go_to(console, screen, choice)
    phones = [browser.new_context(**(ZOOMED if n == 0 else NARROW)).new_page() for n in range(3)]
    for phone in phones:
        phone.goto(f"{server.url}/j/{code}")
        wait_phone_step(phone, choice, timeout=5 * SECOND)
        phone.click(".option[data-index='0']")
        phone.click("#submit-button")
        expect(phone.locator(".my-answer .answer-status")).to_contain_text("Ontvangen", timeout=5 * SECOND)
    zoomed = phones[0]
    zoomed.click("#others-refresh")
    expect(zoomed.locator("#others-summary")).to_contain_text("3 antwoorden", timeout=5 * SECOND)
    assert_accessible(zoomed, "phone, a choice result at 200 % zoom")
    shot(zoomed, tmp_path, "phone-choice-zoomed")
    console.click("#btn-results-toggle")  # Resultaten verbergen: the phones' view goes too
    expect(zoomed.locator("#others")).to_be_hidden(timeout=5 * SECOND)
