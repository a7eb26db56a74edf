"""Browser tests of the presenter screen at 1920×1080 as a full room sees it: wall, word cloud, help, join panel.

One server (the library plus a session made for these tests) and one browser for the module.
Answers arrive through Socket.IO phone clients: many of them, quickly.
"""
from __future__ import annotations

import re
import secrets
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.server_process import REPO_ROOT, ServerProcess, phone_client
from tests.test_browser import PASSWORD, SCREENSHOTS, SECOND, browser, example_session, log_in_and_start, sync_api  # noqa: F401

expect = sync_api.expect
MIN_PX = 28  # body text readable from the back of a room at 1920×1080

LONG_HELP = ("Denk aan een gesprek van de afgelopen maand.\nWat deed jij toen anders dan anders?\n\n"
             "Schrijf op wat je zag bij het gezin, bij jezelf en bij je collega's. Wat gebeurde er daarna, "
             "en wat zou je een volgende keer weer zo doen? Wat zou je juist anders doen, en waarom?")
SCREEN_SESSION = {
    "id": "scherm", "number": 8, "title": "Schermproef", "series": "Leersessies", "partners": ["NJi"],
    "k_threshold": 3,
    "steps": [
        {"type": "title"},
        {"type": "question", "id": "muur", "kind": "open", "prompt": "Wat helpt jou om te vertragen?",
         "help": LONG_HELP},
        {"type": "question", "id": "wolk", "kind": "words", "prompt": "Welk woord past erbij?", "max_words": 3},
        {"type": "closing", "text": "Dank voor jullie inbreng."},
    ],
}

# Every visible element with its own text inside the stage, and its font size in px.
TEXT_SIZES = """() => {
  const found = [];
  document.querySelectorAll('#stage *').forEach(node => {
    const own = Array.from(node.childNodes).some(c => c.nodeType === 3 && c.data.trim());
    if (!own || !node.getClientRects().length) return;
    const style = getComputedStyle(node);
    if (style.visibility === 'hidden' || parseFloat(style.opacity) === 0) return;
    found.push([node.className || node.tagName, parseFloat(style.fontSize), node.textContent.trim().slice(0, 30)]);
  });
  return found;
}"""


def too_small(screen) -> list:
    return [item for item in screen.evaluate(TEXT_SIZES) if item[1] < MIN_PX - 0.01]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    sessions_dir = tmp_path_factory.mktemp("sessions")
    for path in (REPO_ROOT / "sessions" / "library").glob("*.yaml"):
        shutil.copy(path, sessions_dir)
    (sessions_dir / "8-scherm.yaml").write_text(yaml.safe_dump(SCREEN_SESSION, allow_unicode=True), encoding="utf-8")
    (sessions_dir / "7-voorbeeld.yaml").write_text(yaml.safe_dump(example_session(), allow_unicode=True),
                                                   encoding="utf-8")
    process = ServerProcess(tmp_path_factory.mktemp("data"), password=PASSWORD,
                            extra_args=("--sessions-dir", str(sessions_dir)), public_url_is_own=True)
    with process:
        yield process


def send_answers(server, code: str, step_id: str, values: list[dict]) -> None:
    """Send answers from as many phones as the answer rate limit asks (8 each)."""
    phones = [phone_client(server, code) for _ in range((len(values) + 7) // 8)]
    try:
        for number, value in enumerate(values):
            ack = phones[number // 8].call("submit_answer", {"answer_id": secrets.token_urlsafe(16)[:22],
                                                              "step_id": step_id, "value": value})
            assert ack.get("ok"), ack
    finally:
        for phone in phones:
            phone.close()


@pytest.fixture(scope="module")
def room(browser, server):  # noqa: F811
    """The screen session live, 80 open answers on the wall: (console, screen, code)."""
    console, screen, code = log_in_and_start(browser, server, "scherm")
    console.click("#step-list .step-item[data-index='1']")
    screen.wait_for_selector("#slide[data-index='1']", timeout=5 * SECOND)
    texts = ["Humor.", "humor", "Humor!", " Humor. ", "HUMOR.", "Humor."]
    texts += ["Een lang antwoord over vertragen, " + "samen met het gezin en het netwerk kijken wat nodig is; " * 7]
    texts += [f"Antwoord nummer {n}: even stilstaan bij wat er gebeurt" for n in range(73)]
    send_answers(server, code, "muur", [{"text": text} for text in texts])
    expect(screen.locator("#answer-count")).to_have_text("80 antwoorden", timeout=10 * SECOND)
    return console, screen, code


def test_equal_answers_are_one_card_with_a_count(room):
    _, screen, _ = room
    humor = screen.locator(".wall-card[data-key='humor']")
    assert humor.count() == 1
    assert humor.get_attribute("data-count") == "6" and "×6" in humor.inner_text()


def test_a_full_wall_pages_through_every_answer_readably_and_never_splits_a_card(room):
    _, screen, _ = room
    pages = screen.locator(".wall-pages")
    expect(pages).to_contain_text(re.compile(r"Pagina 1 van \d"), timeout=5 * SECOND)
    count = int(pages.get_attribute("data-pages"))
    assert count >= 2
    assert too_small(screen) == []
    seen = set()
    for _page in range(count):
        cards = screen.locator(".wall-card:visible")
        assert cards.count() > 0
        for card in cards.all():
            assert card.evaluate("n => n.getClientRects().length") == 1  # not broken across columns
            assert card.evaluate("""n => {
                const c = n.getBoundingClientRect(), w = n.closest('.wall').getBoundingClientRect();
                return c.top >= w.top - 1 && c.bottom <= w.bottom + 1 && c.right <= w.right + 1; }""")
            seen.add(card.get_attribute("data-key"))
        assert too_small(screen) == []
        screen.evaluate("UI => window.LeersessieUI.turnWallPage(document.getElementById('results'), 1)")
    assert len(seen) == 75  # 80 answers, the six "Humor." as one card: every one was shown
    assert screen.locator(".wall-more").count() == 0
    # And the screen turns the pages by itself, calmly.
    before = pages.get_attribute("data-page")
    expect(pages).not_to_have_attribute("data-page", before, timeout=20 * SECOND)
    screen.screenshot(path=str(SCREENSHOTS / "screen-wall.png"), animations="disabled")


def test_reading_mode_shows_one_answer_large_with_next_and_previous_from_the_console(room):
    console, screen, _ = room
    console.click("#btn-reading")
    spotlight = screen.locator("#spotlight .spotlight-text")
    expect(spotlight).to_have_text("Humor.", timeout=3 * SECOND)  # the oldest first
    expect(console.locator("#reading-position")).to_have_text("Antwoord 1 van 80")
    console.click("#btn-reading-next")
    expect(spotlight).to_have_text("humor", timeout=3 * SECOND)
    console.click("#btn-reading-next")
    console.click("#btn-reading-next")
    expect(console.locator("#reading-position")).to_have_text("Antwoord 4 van 80", timeout=3 * SECOND)
    console.click("#btn-reading-prev")
    expect(spotlight).to_have_text("Humor!", timeout=3 * SECOND)
    assert too_small(screen) == []
    console.click("#btn-reading-stop")
    expect(screen.locator("#spotlight")).to_have_count(0, timeout=3 * SECOND)
    expect(console.locator("#btn-reading")).to_be_visible()


def test_help_keeps_its_line_breaks_and_is_cut_visibly(room):
    _, screen, _ = room
    help_text = screen.locator("#question-help")
    paragraphs = help_text.locator("p")
    assert paragraphs.count() >= 1
    first = paragraphs.first.inner_text()
    assert first.startswith("Denk aan een gesprek van de afgelopen maand.\nWat deed jij")  # the line break stays
    assert "is-truncated" in help_text.get_attribute("class")  # results on screen: less room for help
    assert help_text.inner_text().rstrip().endswith("…")
    assert help_text.evaluate("n => n.scrollHeight <= n.clientHeight + 1")


def test_the_join_panel_shrinks_to_a_bar_with_code_url_and_a_small_qr(room):
    console, screen, code = room
    assert screen.locator(".join-panel").count() == 1
    wide_before = screen.evaluate("document.getElementById('results').clientWidth")
    console.click("#btn-join-panel")
    expect(screen.locator(".join-panel")).to_have_count(0, timeout=3 * SECOND)
    expect(console.locator("#btn-join-panel")).to_have_text("Meedoen-blok op scherm groot tonen")
    badge = screen.locator(".slide-question .join-badge")
    expect(badge).to_be_visible()
    assert code in badge.inner_text() and "/j" in badge.inner_text()
    qr = screen.locator(".join-badge .badge-qr").bounding_box()
    assert 95 <= qr["width"] <= 105 and 95 <= qr["height"] <= 105
    assert screen.evaluate("document.getElementById('results').clientWidth") > wide_before * 1.2
    assert too_small(screen) == []
    screen.screenshot(path=str(Path(tempfile.gettempdir()) / "leersessie-join-bar.png"), animations="disabled")
    screen.reload()  # the choice is kept by the server, not only by this window
    expect(screen.locator(".slide-question .join-badge")).to_be_visible(timeout=5 * SECOND)
    assert screen.locator(".join-panel").count() == 0
    console.click("#btn-join-panel")
    expect(screen.locator(".join-panel")).to_have_count(1, timeout=3 * SECOND)


def test_word_cloud_shows_dutch_spellings_and_says_how_many_words_are_left_out(room, server):
    console, screen, code = room
    console.click("#step-list .step-item[data-index='2']")
    screen.wait_for_selector("#slide[data-index='2']", timeout=5 * SECOND)
    values = [{"words": ["coördinatie", "België", "ideeën"]}, {"words": ["Coördinatie", "één", "😊"]},
              {"words": ["coördinatie", "zeeën", "café"]}, {"words": ["belgië", "Ideeën", "Één"]},
              {"words": ["😊", "zeeën", "Café"]}]
    values += [{"words": [f"proefwoord{n}a", f"proefwoord{n}b", f"proefwoord{n}c"]} for n in range(22)]
    send_answers(server, code, "wolk", values)
    expect(screen.locator("#answer-count")).to_have_text(f"{len(values)} antwoorden", timeout=10 * SECOND)
    expect(screen.locator(".words-more")).to_be_visible(timeout=10 * SECOND)
    assert re.fullmatch(r"\+\d+ andere woorden", screen.inner_text(".words-more").strip())
    shown = screen.locator(".cloud .word").all_inner_texts()
    more = int(screen.inner_text(".words-more").strip().split()[0][1:])
    assert len(shown) + more == 66 + 7 and len(shown) >= 20
    for word in ("coördinatie", "België", "ideeën", "één", "😊", "zeeën", "café"):
        assert word in shown, word
    assert screen.get_attribute(".cloud .word:text-is('coördinatie')", "data-count") == "3"
    screen.screenshot(path=str(Path(tempfile.gettempdir()) / "leersessie-words.png"), animations="disabled")
    assert too_small(screen) == []


def test_no_text_on_the_screen_below_28_px_in_any_state(browser, server):  # noqa: F811
    console, screen, code = log_in_and_start(browser, server, "voorbeeld")
    steps = example_session()["steps"]
    problems = {}
    for index, step in enumerate(steps):
        console.click(f"#step-list .step-item[data-index='{index}']")
        screen.wait_for_selector(f"#slide[data-index='{index}']", timeout=5 * SECOND)
        if step.get("kind") in ("choice", "scale"):
            value = {"options": [1, 2], "other": "Iets heel anders"} if step["kind"] == "choice" else {"value": 4}
            send_answers(server, code, step["id"], [value] * 4)
            expect(screen.locator("#answer-count")).to_have_text("4 antwoorden", timeout=5 * SECOND)
        if step.get("kind") == "choice":
            console.fill("#timer-minutes", "2")
            console.click("#btn-timer-start")
            screen.wait_for_selector("#countdown:not([hidden])", timeout=3 * SECOND)
        problems[f"{index}: {step['type']} {step.get('kind', '')}"] = too_small(screen)
    console.on("dialog", lambda dialog: dialog.accept())
    console.click("#btn-end")
    screen.wait_for_selector("#slide[data-type='ended']", timeout=5 * SECOND)
    problems["ended"] = too_small(screen)
    assert {state: found for state, found in problems.items() if found} == {}
