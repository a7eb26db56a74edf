"""Browser tests of the session editor and the quick question (Playwright + Debian's Chromium).

A real server on a copy of the shipped library: sessions are made, changed, imported and run
from the browser as a facilitator would, and the README screenshots of the editor are taken.
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from sessions.files.loader import load_session
from tests.server_process import REPO_ROOT, ServerProcess
from tests.test_browser import PHONE, SCREENSHOTS, SECOND, browser, sync_api  # noqa: F401 - browser is a fixture

expect = sync_api.expect
PASSWORD = "editor-wachtwoord"


@pytest.fixture(scope="module")
def sessions_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sessies")
    for path in (REPO_ROOT / "sessions" / "library").glob("*.yaml"):
        shutil.copy(path, folder)
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory, sessions_dir):
    process = ServerProcess(tmp_path_factory.mktemp("data"), password=PASSWORD,
                            extra_args=("--sessions-dir", str(sessions_dir)), public_url_is_own=True)
    with process:
        yield process


def logged_in(browser, server, width=1920, height=1080):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(f"{server.url}/login")
    page.fill("#password", PASSWORD)
    page.click("#btn-login")
    page.wait_for_url(re.compile(r"/console$"))
    return page


def open_editor(page, server, session_id):
    page.goto(f"{server.url}/console/sessions/{session_id}/edit")
    expect(page.locator("#save-status")).to_have_text("Opgeslagen", timeout=5 * SECOND)


def saved(page):
    expect(page.locator("#save-status")).to_have_text("Opgeslagen", timeout=10 * SECOND)


def field(path: str) -> str:
    return "#field-" + path.replace(".", "-")


def add_step(page, kind: str) -> int:
    """Add a step after the chosen one; its index."""
    page.select_option("#add-step-type", kind)
    page.click("#btn-add-step")
    return int(page.get_attribute("#editor-step-list .step-entry[aria-current='true']", "data-index"))


def pdf_text(page, url: str, tmp_path) -> str:
    response = page.context.request.get(url)
    assert response.ok and response.body()[:4] == b"%PDF"
    path = tmp_path / "opbrengst.pdf"
    path.write_bytes(response.body())
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_session_made_from_nothing_runs_live_and_exports(browser, server, sessions_dir, tmp_path):
    page = logged_in(browser, server)
    page.fill("#new-session-title", "Samen leren in de wijk")
    page.click("#btn-new-session")
    page.wait_for_url(re.compile(r"/console/sessions/samen-leren-in-de-wijk/edit$"))
    saved(page)
    page.click("#editor-step-list .step-entry[data-index='0']")
    page.fill(field("steps.0.subtitle"), "Een leersessie uit de browser")
    filled = {
        "statement": {"text": "Eerste alinea.\n\nTweede alinea."},
        "quote": {"text": "Samen kom je verder.", "source": "Deelnemer"},
        "insight": {"group": "Waardes", "number": "1", "heading": "Tijd nemen", "body": "Vertragen helpt."},
        "question:open": {"prompt": "Wat neem je mee?", "help": "Eén zin is genoeg.", "note": "Vraag door."},
        "question:choice": {"prompt": "Welke patronen herken je?", "options": "Onzekerheid\nStrijd\nOngeduld"},
        "question:scale": {"prompt": "Hoe goed lukt het?", "min_label": "Slecht", "max_label": "Goed"},
        "question:words": {"prompt": "Welk woord past erbij?", "max_words": "2"},
    }
    for kind, values in filled.items():
        index = add_step(page, kind)
        for key, value in values.items():
            page.fill(field(f"steps.{index}.{key}"), value)
        if kind == "question:choice":
            page.check(field(f"steps.{index}.multiple"))
    index = add_step(page, "resources")
    page.click("text=Groep toevoegen")
    page.fill(field(f"steps.{index}.groups.0.publisher"), "Nederlands Jeugdinstituut")
    page.fill(field(f"steps.{index}.groups.0.links.0.label"), "Reflectie")
    page.fill(field(f"steps.{index}.groups.0.links.0.url"), "https://www.nji.nl/reflectie")
    page.click("#editor-step-list .step-entry[data-index='9']")
    page.fill(field("steps.9.text"), "Dank voor jullie inbreng.")
    # Reorder: the quote (step 3) one up by keyboard, then back down with the button.
    page.click("#editor-step-list .step-entry[data-index='2']")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#editor-step-list .step-entry[data-index='1'] .step-entry-type")).to_have_text("Citaat")
    expect(page.locator("#editor-step-list .step-entry[data-index='1']")).to_be_focused()
    page.click("#btn-step-down")
    page.keyboard.press("ArrowDown")  # the list keeps working after a button
    saved(page)
    expect(page.locator("#validity")).to_have_text(re.compile("^Geldig"))

    session = load_session(sessions_dir / "samen-leren-in-de-wijk.yaml")
    assert [s.type for s in session.steps] == ["title", "statement", "quote", "insight", "question", "question",
                                               "question", "question", "resources", "closing"]
    assert [s.question.kind for s in session.questions] == ["open", "choice", "scale", "words"]
    assert session.questions[1].question.multiple and session.steps[3].group == "Waardes"
    text = (sessions_dir / "samen-leren-in-de-wijk.yaml").read_text(encoding="utf-8")
    assert "text: |-\n      Eerste alinea.\n\n      Tweede alinea.\n" in text  # several lines stay a block

    page.reload()
    saved(page)
    expect(page.locator("#editor-step-list .step-entry")).to_have_count(10)
    expect(page.locator("#editor-step-list .step-entry[data-index='2'] .step-entry-type")).to_have_text("Citaat")
    page.click("#btn-start")
    page.wait_for_url(re.compile(r"/console/live/[A-Z0-9]{6}$"))
    code = page.url.rsplit("/", 1)[1]
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{server.url}/j/{code}")
    phone.wait_for_selector("#step[data-step-index='0']", timeout=5 * SECOND)
    page.click("#step-list .step-item[data-index='4']")
    phone.wait_for_selector("#step[data-step-index='4']", timeout=5 * SECOND)
    phone.fill("#answer-text", "Ik neem rust mee")
    phone.click("#submit-button")
    phone.wait_for_selector(".answer-status:has-text('Ontvangen')", timeout=5 * SECOND)
    text = pdf_text(page, f"{server.url}/console/live/{code}/export.pdf", tmp_path)
    assert "Samen leren in de wijk" in text and "Wat neem je mee?" in text and "Ik neem rust mee" in text
    # Started empty: no other organisation's series or partners on the cover (issue 20, point 2).
    cover = text.split("\f", 1)[0]
    assert "Samen leren in de wijk" in cover
    assert not any(word in cover for word in ("Een samenwerking met", "Jeugdinstituut", "Proeftuinen")), cover


def test_duplicate_a_shipped_session_and_change_a_question(browser, server, sessions_dir):
    page = logged_in(browser, server)
    page.click(".session-card[data-session-id='veiligheid'] .btn-duplicate")
    page.wait_for_url(re.compile(r"/console/sessions/veiligheid-kopie/edit$"))
    saved(page)
    original = load_session(sessions_dir / "3-veiligheid.yaml")
    index = next(i for i, s in enumerate(original.steps) if s.is_question and s.question.kind == "choice")
    page.click(f"#editor-step-list .step-entry[data-index='{index}']")
    page.fill(field(f"steps.{index}.prompt"), "Wat maakt het voor jou veilig?")
    page.select_option(field(f"steps.{index}.kind"), "open")
    saved(page)
    copy = load_session(sessions_dir / "veiligheid-kopie.yaml")
    assert copy.title == "Veiligheid (kopie)" and copy.steps[index].question.kind == "open"
    assert copy.steps[index].question.prompt == "Wat maakt het voor jou veilig?"
    assert load_session(sessions_dir / "3-veiligheid.yaml") == original
    page.goto(f"{server.url}/console")
    expect(page.locator(".session-card[data-session-id='veiligheid-kopie'] .badge-valid")).to_be_visible()


def test_a_validation_error_shows_at_its_field_and_blocks_going_live(browser, server):
    page = logged_in(browser, server)
    open_editor(page, server, "analyseren")
    index = next(i for i,
                 s in enumerate(load_session(next((REPO_ROOT / "sessions" / "library").glob("2-*.yaml"))).steps)
                 if s.is_question and s.question.kind == "scale")
    page.click(f"#editor-step-list .step-entry[data-index='{index}']")
    page.fill(field(f"steps.{index}.max"), "400")
    saved(page)
    error = page.locator(field(f"steps.{index}.max") + "-error")
    expect(error).to_have_text("Kies een getal van -100 tot en met 100.")
    expect(page.locator(field(f"steps.{index}.max"))).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#validity")).to_contain_text("1 fout")
    expect(page.locator("#btn-start")).to_be_disabled()
    expect(page.locator(f"#editor-step-list .step-entry[data-index='{index}'] .step-entry-error")).to_be_visible()
    page.fill(field(f"steps.{index}.max"), "15")
    saved(page)
    expect(error).to_have_text("Het maximum moet 1 tot 10 hoger zijn dan het minimum.")
    page.fill(field(f"steps.{index}.max"), "5")
    saved(page)
    expect(error).to_be_hidden()
    expect(page.locator("#btn-start")).to_be_enabled()


def test_typed_text_survives_a_lost_connection_and_a_reload(browser, server, sessions_dir):
    page = logged_in(browser, server)
    open_editor(page, server, "informele-steun")
    page.context.set_offline(True)
    page.fill("#field-subtitle", "Getypt zonder verbinding")
    expect(page.locator("#save-status")).to_contain_text("Niet opgeslagen", timeout=10 * SECOND)
    expect(page.locator("#btn-retry-save")).to_be_visible()
    page.context.set_offline(False)
    page.click("#btn-retry-save")
    saved(page)
    assert "subtitle: Getypt zonder verbinding" in (sessions_dir / "4-informele-steun.yaml").read_text(encoding="utf-8")
    page.fill("#field-subtitle", "Getypt vlak voor herladen")
    page.reload()  # before the save ran: the draft in the browser brings it back
    saved(page)
    expect(page.locator("#field-subtitle")).to_have_value("Getypt vlak voor herladen")
    assert "Getypt vlak voor herladen" in (sessions_dir / "4-informele-steun.yaml").read_text(encoding="utf-8")


def test_a_change_on_disk_is_not_overwritten_silently(browser, server, sessions_dir):
    page = logged_in(browser, server)
    open_editor(page, server, "duurzaam-samenwerken-met-gezinsleden")
    path = sessions_dir / "5-duurzaam-samenwerken-met-gezinsleden.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("number: 5", "number: 15"), encoding="utf-8")
    page.fill("#field-title", "Mijn nieuwe titel")
    expect(page.locator("#conflict-banner")).to_be_visible(timeout=5 * SECOND)
    on_disk = path.read_text(encoding="utf-8")
    assert "number: 15" in on_disk and "Mijn nieuwe titel" not in on_disk
    expect(page.locator("#field-title")).to_have_value("Mijn nieuwe titel")  # nothing typed is lost
    page.click("#btn-keep-mine")
    saved(page)
    assert "title: Mijn nieuwe titel" in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("Mijn nieuwe titel", "Titel van schijf"), encoding="utf-8")
    page.fill("#field-title", "Nog een titel")
    expect(page.locator("#conflict-banner")).to_be_visible(timeout=5 * SECOND)
    page.click("#btn-load-disk")
    expect(page.locator("#field-title")).to_have_value("Titel van schijf")
    expect(page.locator("#conflict-banner")).to_be_hidden()


def test_import_of_a_broken_file_shows_why(browser, server, tmp_path):
    page = logged_in(browser, server)
    broken = tmp_path / "kapot.yaml"
    broken.write_text("id: kapot\ntitle: Kapot\nseries: S\npartners: [A]\nsteps:\n  - type: quote\n    txet: Oeps\n",
                      encoding="utf-8")
    page.set_input_files("#import-file", str(broken))
    page.click("#btn-import")
    expect(page.locator("#import-error")).to_contain_text("geen geldige leersessie")
    expect(page.locator("#import-error")).to_contain_text("Onbekend veld 'txet'")
    expect(page.locator(".session-card[data-session-id='kapot']")).to_have_count(0)
    good = tmp_path / "goed.yaml"
    good.write_text(broken.read_text(encoding="utf-8").replace("txet", "text"), encoding="utf-8")
    page.set_input_files("#import-file", str(good))
    page.click("#btn-import")
    page.wait_for_url(re.compile(r"/console/sessions/kapot/edit$"))


def test_editor_with_a_question_selected_is_accessible(browser, server):
    from tests.accessibility import assert_accessible

    page = logged_in(browser, server)
    open_editor(page, server, "vertragen-en-verdragen")
    index = next(i for i,
                 s in enumerate(load_session(next((REPO_ROOT / "sessions" / "library").glob("1-*.yaml"))).steps)
                 if s.is_question and s.question.kind == "choice")
    page.click(f"#editor-step-list .step-entry[data-index='{index}']")
    page.frame_locator("#preview-phone").locator(".option").first.wait_for(timeout=5 * SECOND)
    page.frame_locator("#preview-screen").locator("#prompt").wait_for(timeout=5 * SECOND)
    assert_accessible(page, "editor, choice question selected")
    for name in ("preview-screen", "preview-phone"):
        assert_accessible(page.frame(url=re.compile(name.replace("preview-", "/console/preview/"))), name)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # editor.png (the README picture) comes from tests/test_editor_keyboard.py, at 1440×900.
    page.goto(f"{server.url}/console")
    assert_accessible(page, "library with editor actions")
    # library.png comes from tests/test_editor_keyboard.py: its library has shipped and own sessions.


def test_a_quick_question_is_answered_by_two_phones_and_lands_in_the_pdf(browser, server, tmp_path):
    from tests.accessibility import assert_accessible

    page = logged_in(browser, server, 1280, 800)
    page.click(".session-card[data-session-id='analyseren'] .btn-start")
    page.wait_for_url(re.compile(r"/console/live/[A-Z0-9]{6}$"))
    code = page.url.rsplit("/", 1)[1]
    phones = [browser.new_context(**PHONE).new_page() for _ in range(2)]
    for phone in phones:
        phone.goto(f"{server.url}/j/{code}")
        phone.wait_for_selector("#step[data-step-index='0']", timeout=5 * SECOND)
    expect(page.locator("#phones-count")).to_have_text(re.compile(r"^\s*2\b"), timeout=5 * SECOND)
    page.keyboard.press("q")
    expect(page.locator("#quick-dialog")).to_be_visible()
    expect(page.locator("#quick-prompt")).to_be_focused()
    page.fill("#quick-prompt", "Wat was vandaag het lastigste moment?")
    assert_accessible(page, "console, quick question form")
    page.screenshot(path=str(SCREENSHOTS / "quick-question.png"), animations="disabled")
    page.click("#btn-quick-submit")
    expect(page.locator("#quick-dialog")).to_be_hidden()
    expect(page.locator("#step-list .step-item[data-index='1']")).to_have_class(
        re.compile("is-quick.*is-current|is-current.*is-quick"))
    expect(page.locator("#step-position")).to_have_text("2")
    for number, phone in enumerate(phones):
        phone.wait_for_selector("#step[data-step-id='snelle-vraag-1']", timeout=5 * SECOND)
        phone.fill("#answer-text", f"Het begin van de ronde {number}")
        phone.click("#submit-button")
        phone.wait_for_selector(".answer-status:has-text('Ontvangen')", timeout=5 * SECOND)
    expect(page.locator("#answer-count")).to_have_text("2", timeout=5 * SECOND)
    page.keyboard.press("ArrowRight")  # the plan goes on after the quick question
    phones[0].wait_for_selector("#step[data-step-index='2']", timeout=5 * SECOND)
    text = pdf_text(page, f"{server.url}/console/live/{code}/export.pdf", tmp_path)
    assert "Wat was vandaag het lastigste moment?" in text and "Vraag toegevoegd tijdens de sessie" in text
    assert "Het begin van de ronde 0" in text and "Het begin van de ronde 1" in text


def test_keyboard_duplicates_and_deletes_and_a_typo_key_can_be_removed(browser, server, sessions_dir):
    path = sessions_dir / "typfout.yaml"
    path.write_text("# met de hand geschreven\nid: typfout\ntitle: Typfout\nseries: S\npartners: [A]\nsteps:\n"
                    "  - type: title\n  - type: quote\n    text: Goed\n    txet: Oeps\n  - type: closing\n",
                    encoding="utf-8")
    page = logged_in(browser, server)
    expect(page.locator(".session-card[data-session-id='typfout'] .badge-invalid")).to_have_text("Concept: 1 fout")
    open_editor(page, server, "typfout")
    expect(page.locator("#validity")).to_contain_text("1 fout")
    page.click("#editor-step-list .step-entry[data-index='1']")
    page.click(".btn-remove-key")
    saved(page)
    expect(page.locator("#validity")).to_have_text(re.compile("^Geldig"))
    text = path.read_text(encoding="utf-8")
    assert "txet" not in text and text.startswith("# met de hand geschreven\n") and "    text: Goed\n" in text

    page.focus("#editor-step-list .step-entry[data-index='1']")
    page.keyboard.press("d")
    expect(page.locator("#editor-step-list .step-entry")).to_have_count(4)
    expect(page.locator("#editor-step-list .step-entry[data-index='2']")).to_be_focused()
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Delete")
    expect(page.locator("#editor-step-list .step-entry")).to_have_count(3)
    expect(page.locator("#editor-step-list .step-entry[data-index='2']")).to_be_focused()  # the step after it
    page.keyboard.press("ArrowUp")
    expect(page.locator("#editor-step-list .step-entry[data-index='1']")).to_be_focused()
    saved(page)
    assert [s.type for s in load_session(path).steps] == ["title", "quote", "closing"]


def test_an_answered_question_keeps_its_kind_or_becomes_a_new_session(browser, server, sessions_dir):
    session = load_session(sessions_dir / "4-informele-steun.yaml")
    index = next(i for i, s in enumerate(session.steps) if s.is_question and s.question.kind == "words")
    page = logged_in(browser, server)
    page.click(".session-card[data-session-id='informele-steun'] .btn-start")
    page.wait_for_url(re.compile(r"/console/live/[A-Z0-9]{6}$"))
    code = page.url.rsplit("/", 1)[1]
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{server.url}/j/{code}")
    phone.wait_for_selector("#step[data-step-index='0']", timeout=5 * SECOND)
    page.click(f"#step-list .step-item[data-index='{index}']")
    phone.wait_for_selector(f"#step[data-step-index='{index}']", timeout=5 * SECOND)
    phone.fill("#word-1", "Netwerk")
    phone.click("#submit-button")
    phone.wait_for_selector(".answer-status:has-text('Ontvangen')", timeout=5 * SECOND)

    open_editor(page, server, "informele-steun")
    page.click(f"#editor-step-list .step-entry[data-index='{index}']")
    page.fill(field(f"steps.{index}.prompt"), "Welk woord past bij steun van dichtbij?")
    saved(page)  # rewording an answered question is fine
    page.select_option(field(f"steps.{index}.kind"), "open")
    expect(page.locator("#locked-banner")).to_be_visible(timeout=5 * SECOND)
    expect(page.locator(field(f"steps.{index}.kind") + "-error")).to_contain_text("al geantwoord")
    assert load_session(sessions_dir / "4-informele-steun.yaml").steps[index].question.kind == "words"
    page.click("#btn-save-as-new")
    page.wait_for_url(re.compile(r"/console/sessions/informele-steun-nieuw/edit$"))
    saved(page)
    new = load_session(sessions_dir / "informele-steun-nieuw.yaml")
    assert new.steps[index].question.kind == "open" and new.title == "Informele steun (nieuw)"
