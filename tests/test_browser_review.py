"""Browser test of room safety: the console's review list, by keyboard, with axe-core; the phone's
"wordt eerst bekeken"; the opbrengst's warning before a download. A server with screening on.
"""
from __future__ import annotations

import re

import pytest

from tests.accessibility import assert_accessible
from tests.server_process import ServerProcess
from tests.test_browser import (  # noqa: F401
    PASSWORD,
    SCREENSHOTS,
    SECOND,
    browser,
    go_to,
    log_in_and_start,
    new_phone,
    sync_api,
    wait_phone_step,
)
from tests.test_screening_server import OPEN_INDEX

expect = sync_api.expect


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("review") / "data", password=PASSWORD, public_url_is_own=True,
                            screening=True)
    with process:
        yield process


def send(phone, text: str) -> None:
    phone.fill("#answer-text", text)
    phone.click("#submit-button")


def test_review_list_in_the_console(browser, server):  # noqa: F811 - the imported fixture
    console, screen, code = log_in_and_start(browser, server, "vertragen-en-verdragen")
    expect(console.locator("#screening-banner")).to_be_hidden(timeout=180 * SECOND)  # the screener is ready
    go_to(console, screen, OPEN_INDEX)
    phone = new_phone(browser)
    phone.goto(f"{server.url}/j/{code}")
    wait_phone_step(phone, OPEN_INDEX, timeout=5 * SECOND)
    send(phone, "Bij Sanne Zwartveldsma (7) uit de Kerkstraat 12 ging het mis")
    phone.wait_for_selector(".answer-status:has-text('Ontvangen — wordt eerst bekeken')", timeout=5 * SECOND)
    assert "persoonsgegevens" not in phone.inner_text("body")  # never the reason
    assert_accessible(phone, "phone with a held answer")
    send(phone, "Met Pieter Oostervaart gesproken")

    items = console.locator("#review-list .review-item")
    expect(items).to_have_count(2, timeout=5 * SECOND)
    first = console.locator(".review-item", has_text="Zwartveldsma")
    expect(first.locator("mark.finding")).to_have_count(2)
    expect(first.locator(".review-reason")).to_have_text(re.compile("naam, adres"))
    expect(console.locator("#review-count")).to_have_text("2")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    console.screenshot(path=str(SCREENSHOTS / "console-review.png"), animations="disabled")
    assert_accessible(console, "console with the review list")
    assert "Zwartveldsma" not in screen.inner_text("body")

    # Keyboard only: Anonimiseren… opens the editor with the suggestion, Ctrl+Enter saves.
    first.locator("button[data-review='edit']").focus()
    console.keyboard.press("Enter")
    area = first.locator("textarea")
    expect(area).to_be_focused()
    expect(area).to_have_value("Bij [naam] (7) uit de [adres] ging het mis")
    assert_accessible(console, "console with the redaction editor")
    console.keyboard.press("End")
    console.keyboard.type(", helaas")
    console.keyboard.press("Control+Enter")
    expect(items).to_have_count(1, timeout=5 * SECOND)
    expect(screen.locator("body")).to_contain_text("Bij [naam] (7) uit de [adres] ging het mis, helaas",
                                                   timeout=5 * SECOND)
    # The phone learns it (issue 15.10): its own answer now reads as shown, the original is gone from it too.
    redacted = phone.locator(".my-answer", has_text="Bij [naam] (7) uit de [adres] ging het mis, helaas")
    expect(redacted.locator(".answer-status")).to_have_text("Ontvangen ✓", timeout=5 * SECOND)
    assert "Zwartveldsma" not in phone.inner_text("body")
    assert "Zwartveldsma" not in phone.evaluate("JSON.stringify(Object.assign({}, window.localStorage))")

    second = console.locator(".review-item", has_text="Oostervaart")
    second.locator("button[data-review='allow']").focus()
    console.keyboard.press("Enter")
    expect(console.locator("#review")).to_be_hidden(timeout=5 * SECOND)
    expect(screen.locator("body")).to_contain_text("Pieter Oostervaart", timeout=5 * SECOND)
    assert "Zwartveldsma" not in screen.inner_text("body")
    allowed = phone.locator(".my-answer", has_text="Pieter Oostervaart")
    expect(allowed.locator(".answer-status")).to_have_text("Ontvangen ✓", timeout=5 * SECOND)
    assert_accessible(phone, "phone after Toestaan and Anonimiseren")

    # Alles eerst beoordelen for this question: a clean answer waits too.
    console.check("#review-all-question")
    send(phone, "Rust en ruimte")
    expect(console.locator(".review-item", has_text="Rust en ruimte")).to_contain_text("Alles eerst beoordelen",
                                                                                        timeout=5 * SECOND)
    expect(phone.locator(".my-answer", has_text="Rust en ruimte").locator(".answer-status")).to_have_text(
        "Ontvangen — wordt eerst bekeken", timeout=5 * SECOND)
    # The phone is away (page closed) while the facilitator hides it: back, it asks about the ids it holds.
    context = phone.context
    phone.close()
    console.locator(".review-item button[data-review='hide']").click()
    expect(console.locator("#review")).to_be_hidden(timeout=5 * SECOND)
    assert "Rust en ruimte" not in screen.inner_text("body")
    phone = context.new_page()
    phone.goto(f"{server.url}/j/{code}")
    wait_phone_step(phone, OPEN_INDEX, timeout=5 * SECOND)
    hidden = phone.locator(".my-answer", has_text="Rust en ruimte")
    expect(hidden.locator(".answer-status")).to_have_text("Niet getoond", timeout=5 * SECOND)
    assert "persoonsgegevens" not in phone.inner_text("body") and "beoordelen" not in phone.inner_text("body")
    assert_accessible(phone, "phone after Verbergen")
    phone.screenshot(path=str(SCREENSHOTS / "phone-review-outcomes.png"), full_page=True, animations="disabled")


def test_opbrengst_warns_before_a_download_with_a_name_in_it(browser, server):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "vertragen-en-verdragen")
    expect(console.locator("#screening-banner")).to_be_hidden(timeout=180 * SECOND)
    # An answer with a name that the facilitator allowed: it is in every export (issue 20, point 21).
    go_to(console, screen, OPEN_INDEX)
    phone = new_phone(browser)
    phone.goto(f"{server.url}/j/{code}")
    wait_phone_step(phone, OPEN_INDEX, timeout=5 * SECOND)
    send(phone, "Met Pieter Oostervaart gesproken")
    console.locator(".review-item button[data-review='allow']").click(timeout=10 * SECOND)
    expect(console.locator("#review")).to_be_hidden(timeout=5 * SECOND)
    console.goto(f"{server.url}/console/live/{code}/opbrengst")
    console.fill("#statement-input", "We spraken met Ilse Kroonenberg over haar dochter.")
    expect(console.locator("#save-status")).to_have_text(re.compile("Opgeslagen"), timeout=5 * SECOND)
    console.click("#download-pdf")
    warning = console.locator("#download-warning")
    expect(warning).to_contain_text("Tekst van de opbrengst: naam", timeout=30 * SECOND)
    expect(warning).to_contain_text(re.compile(r"Antwoorden op vraag \d+ \(.*\): naam"))
    expect(warning.locator("#download-checked")).to_have_text(re.compile(r"^Gecontroleerd: .* 1 antwoord\b"))
    expect(warning).to_contain_text("door het te verbergen in de console")  # still live: the console can
    assert_accessible(console, "opbrengst page with the download warning")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    console.screenshot(path=str(SCREENSHOTS / "opbrengst-warning.png"), animations="disabled")
    with console.expect_download() as download:
        console.click("#btn-download-anyway")
    assert download.value.suggested_filename.endswith(".pdf")
    # The choice holds for this page visit: the other formats download without asking again (point 20).
    for link in ("#download-csv", "#download-xlsx"):
        with console.expect_download() as download:
            console.click(link)
        assert download.value.suggested_filename.endswith((".csv", ".xlsx"))
        expect(warning).to_be_hidden()
    # After Beëindigen there is no console to hide an answer in: the advice says what still can be done.
    console.goto(f"{server.url}/console/live/{code}")
    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#btn-end")
    # The live console has no #still-live either: wait for the opbrengst page itself to load, or the
    # click lands before the check's script runs and the file downloads without a warning.
    console.wait_for_url(re.compile(rf"/console/live/{code}/opbrengst$"), timeout=10 * SECOND)
    expect(console.locator("#still-live")).to_have_count(0)
    console.click("#download-pdf")
    expect(warning).to_contain_text("niet meer te verbergen", timeout=30 * SECOND)
    expect(warning).not_to_contain_text("in de console")
    assert_accessible(console, "opbrengst page of an ended session with the download warning")
