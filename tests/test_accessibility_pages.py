"""axe-core over every page a person sees, in every state of a session: 0 violations per page.

Login, library, console (each question kind, results shown and hidden), presenter screen
(title, quote, insight, each question kind with results, wall, spotlight, countdown, blank,
ended), phone (join, each kind, after answering, offline, ended) and the opbrengst page.
One server, one browser; the pages walk through one live session of the example session.
"""
from __future__ import annotations

import re

from tests.accessibility import axe_violations, describe
from tests.test_browser import (  # noqa: F401
    PASSWORD,
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


def index_of(**match) -> int:
    return next(i for i, s in enumerate(STEPS) if all(s.get(k) == v for k, v in match.items()))


class Axe:
    """Collects the violations of every checked page, so one run reports all of them."""

    def __init__(self):
        self.found: dict[str, list] = {}
        self.checked: list[str] = []

    def check(self, page, name: str) -> None:
        self.checked.append(name)
        violations = axe_violations(page)
        if violations:
            self.found[name] = violations

    def assert_clean(self) -> None:
        report = "\n\n".join(f"== {name}\n{describe(v)}" for name, v in self.found.items())
        assert not self.found, f"axe-core violations on {len(self.found)} of {len(self.checked)} pages:\n{report}"


def test_the_login_gate_page_has_no_axe_violations(browser, server):  # noqa: F811
    from facilitator.access.login_gate import _PAGE

    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.set_content(_PAGE.format(seconds="2 seconden"))  # the exact bytes the gate sends with its 429
    axe = Axe()
    axe.check(page, "login gate (429)")
    axe.assert_clean()


def test_login_and_library_have_no_axe_violations(browser, server):  # noqa: F811
    axe = Axe()
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{server.url}/login")
    axe.check(page, "login")
    page.fill("#password", "fout")
    page.click("#btn-login")
    page.wait_for_selector(".alert, .error, [role=alert]", timeout=10 * SECOND)
    axe.check(page, "login, wrong password")
    page.fill("#password", PASSWORD)
    page.click("#btn-login")
    page.wait_for_url(re.compile(r"/console$"), timeout=15 * SECOND)
    axe.check(page, "library")
    phone = new_phone(browser)
    phone.goto(f"{server.url}/j")
    axe.check(phone, "phone: join")
    phone.fill("#join-code", "QQQQQQ")  # no session has this code
    phone.click("#join-submit")
    phone.wait_for_load_state()
    axe.check(phone, "phone: unknown code")
    axe.assert_clean()


def test_every_state_of_console_screen_phone_and_opbrengst_has_no_axe_violations(browser, server):  # noqa: F811
    axe = Axe()
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    phones = [new_phone(browser) for _ in range(3)]
    for phone in phones:
        phone.goto(f"{server.url}/j/{code}")
    wait_phone_step(phones[0], 0, timeout=5 * SECOND)
    axe.check(screen, "screen: title")
    axe.check(phones[0], "phone: title step")
    for name, index in (("quote", index_of(type="quote")), ("insight", index_of(type="insight", number=1))):
        go_to(console, screen, index)
        axe.check(screen, f"screen: {name}")

    for kind in ("choice", "scale", "open", "words"):
        index = index_of(kind=kind)
        go_to(console, screen, index)
        wait_phone_step(phones[0], index, timeout=5 * SECOND)
        axe.check(phones[0], f"phone: {kind} question")
        axe.check(console, f"console: {kind}, no answers")
        for number, phone in enumerate(phones):
            answer(phone, index, kind, number)
        axe.check(phones[0], f"phone: {kind}, after answering")
        expect(screen.locator("#answer-count")).to_have_text(re.compile(r"^\s*3\b"), timeout=3 * SECOND)
        axe.check(screen, f"screen: {kind} with results")
        axe.check(console, f"console: {kind}, results shown")
        console.click("#btn-results-toggle")
        expect(console.locator("#btn-results-toggle")).to_have_text("Resultaten tonen", timeout=5 * SECOND)
        screen.wait_for_selector(".results-hidden", timeout=5 * SECOND)
        axe.check(console, f"console: {kind}, results hidden")
        axe.check(screen, f"screen: {kind}, results hidden")
        console.click("#btn-results-toggle")
        expect(console.locator("#btn-results-toggle")).to_have_text("Resultaten verbergen", timeout=5 * SECOND)

    go_to(console, screen, index_of(kind="open"))
    screen.wait_for_selector(".wall-card", timeout=5 * SECOND)
    axe.check(screen, "screen: wall")
    console.locator(".answer-row .btn-spotlight").first.click()
    screen.wait_for_selector("#spotlight", timeout=5 * SECOND)
    axe.check(screen, "screen: spotlight")
    axe.check(console, "console: reading mode")
    console.locator(".answer-row .btn-spotlight").first.click()
    console.click("#btn-join-panel")
    screen.wait_for_selector(".slide-question .join-badge", timeout=5 * SECOND)
    axe.check(screen, "screen: join panel as a bar")
    console.click("#btn-join-panel")
    console.click("#btn-keys")
    axe.check(console, "console: shortcut list")
    console.click("#keys-close")
    console.fill("#timer-minutes", "2")
    console.click("#btn-timer-start")
    screen.wait_for_selector("#countdown:not([hidden])", timeout=5 * SECOND)
    axe.check(screen, "screen: countdown")
    axe.check(console, "console: countdown")
    console.click("#btn-blank")
    screen.wait_for_selector("body.is-blank", timeout=5 * SECOND)
    axe.check(screen, "screen: blank")
    axe.check(console, "console: screen blank")
    console.click("#btn-blank")

    phones[1].context.set_offline(True)
    phones[1].wait_for_selector("#status-banner[data-state='offline']", timeout=30 * SECOND)
    axe.check(phones[1], "phone: offline")
    phones[1].context.set_offline(False)

    console.on("dialog", lambda dialog: dialog.accept())
    console.click("#btn-end")
    console.wait_for_url(re.compile(rf"/console/live/{code}/opbrengst$"), timeout=10 * SECOND)
    phones[0].wait_for_selector("#session-ended", state="visible", timeout=5 * SECOND)
    axe.check(phones[0], "phone: ended")
    screen.wait_for_selector("#slide[data-type='ended']", timeout=5 * SECOND)
    axe.check(screen, "screen: ended")
    console.wait_for_selector("#statement-input", timeout=5 * SECOND)
    axe.check(console, "opbrengst page")
    axe.assert_clean()
