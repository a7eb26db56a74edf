"""Browser test of the Word downloads (opbrengst page, library bundle) and the Word template upload.

Each page state gets an axe-core check; screenshots go to the screenshots folder of the
browser tests (1920×1080 and a phone) for a look.
"""
from __future__ import annotations

import re

from tests.accessibility import axe_violations, describe
from tests.docx_reading import open_docx, texts_in
from tests.test_browser import (  # noqa: F401
    PHONE,
    SCREENSHOTS,
    SECOND,
    answer,
    browser,
    example_session,
    go_to,
    log_in_and_start,
    new_phone,
    server,
    sync_api,
)
from tests.test_word_template import HOUSE_RED, make_template

expect = sync_api.expect


def assert_no_violations(page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{name}:\n{describe(violations)}"


def download(page, selector: str, path):
    with page.expect_download() as started:
        page.click(selector)
    started.value.save_as(path)
    return open_docx(path)


def test_word_downloads_and_the_template_upload(browser, server, tmp_path):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    steps = example_session()["steps"]
    index = next(i for i, s in enumerate(steps) if s.get("kind") == "open")
    go_to(console, screen, index)
    phone = new_phone(browser)
    phone.goto(f"{server.url}/j/{code}")
    answer(phone, index, "open", 3)
    expect(console.locator(".answer-row")).to_have_count(1, timeout=5 * SECOND)
    console.on("dialog", lambda dialog: dialog.accept())
    console.click("#btn-end")
    console.wait_for_url(re.compile(rf"/console/live/{code}/opbrengst$"), timeout=5 * SECOND)

    expect(console.locator("#download-docx")).to_have_text("Word")
    assert_no_violations(console, "opbrengst page with the Word button")
    document = download(console, "#download-docx", tmp_path / "opbrengst.docx")
    title = texts_in(document, "Heading 1")[0]
    assert title == example_session()["title"] or title.endswith(example_session()["title"])
    assert "Antwoord 3" in "\n".join(p.text for p in document.paragraphs)
    assert document.core_properties.language == "nl-NL"

    console.goto(f"{server.url}/console")
    console.click(".session-card[data-session-id='vertragen-en-verdragen'] .btn-start")  # a second run
    console.wait_for_url(re.compile(r"/console/live/[A-Z0-9]{6}$"))
    second = console.url.rsplit("/", 1)[1]
    console.goto(f"{server.url}/console")
    console.check(f"#pick-{code}")
    console.check(f"#pick-{second}")
    expect(console.locator("#btn-bundle-docx")).to_have_text("Bundel downloaden (Word)")
    assert_no_violations(console, "library with the Word bundle button")
    bundle = download(console, "#btn-bundle-docx", tmp_path / "bundel.docx")
    assert len(texts_in(bundle, "Heading 1")) == 2 and title in texts_in(bundle, "Heading 1")
    assert texts_in(bundle, "TOC Heading") == ["Inhoud"]

    console.click("a.nav-link:has-text('Instellingen')")
    console.wait_for_url(re.compile(r"/console/settings$"))
    expect(console.locator("#template-current")).to_contain_text("geen sjabloon")
    assert_no_violations(console, "settings without a template")
    macro = tmp_path / "huisstijl.dotm"
    macro.write_bytes(make_template())
    console.set_input_files("#template-file", str(macro))
    console.click("#btn-template-upload")
    expect(console.locator("#template-error")).to_contain_text("macro", timeout=5 * SECOND)
    assert_no_violations(console, "settings with an upload error")
    house = tmp_path / "huisstijl.dotx"
    house.write_bytes(make_template(dotx=True))
    console.set_input_files("#template-file", str(house))
    console.click("#btn-template-upload")
    expect(console.locator("#template-saved")).to_be_visible(timeout=5 * SECOND)
    expect(console.locator("#template-current")).to_contain_text("huisstijl.dotx")
    assert_no_violations(console, "settings with a template")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    console.set_viewport_size({"width": 1920, "height": 1080})
    console.screenshot(path=str(SCREENSHOTS / "settings-word-template.png"), animations="disabled")
    small = console.context.browser.new_context(**PHONE, storage_state=console.context.storage_state()).new_page()
    small.goto(f"{server.url}/console/settings")
    small.screenshot(path=str(SCREENSHOTS / "settings-word-template-phone.png"), full_page=True)
    assert_no_violations(small, "settings on a phone")
    for name, path in (("library", "/console"), ("opbrengst", f"/console/live/{code}/opbrengst")):
        small.goto(f"{server.url}{path}")
        small.screenshot(path=str(SCREENSHOTS / f"{name}-downloads-phone.png"))
        assert_no_violations(small, f"{name} on a phone")

    console.goto(f"{server.url}/console/live/{code}/opbrengst")
    styled = download(console, "#download-docx", tmp_path / "huisstijl.docx")
    assert styled.styles["Heading 1"].font.color.rgb == HOUSE_RED
    console.goto(f"{server.url}/console/settings")
    console.click("#btn-template-delete")
    expect(console.locator("#template-current")).to_contain_text("geen sjabloon", timeout=5 * SECOND)
    console.goto(f"{server.url}/console/live/{code}/opbrengst")
    console.set_viewport_size({"width": 1920, "height": 1080})
    console.screenshot(path=str(SCREENSHOTS / "opbrengst-downloads.png"), animations="disabled")
