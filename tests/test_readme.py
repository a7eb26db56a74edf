"""The README's walk-through says what the console really does (labels, keys, questions opening)."""
from __future__ import annotations

import re

from tests.server_process import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
CONSOLE = "".join((REPO_ROOT / path).read_text(encoding="utf-8") for path in (
    "facilitator/templates/facilitator/console.html", "static/js/console.js", "static/js/console-question.js",
    "static/js/console-reading.js", "static/js/console-answers.js", "static/js/console-keys-dialog.js",
    "static/js/console-review.js", "static/js/console-talkback.js", "static/js/console-themes.js"))
LIVE_RULES = (REPO_ROOT / "sessions" / "live.py").read_text(encoding="utf-8")


def facilitator_steps() -> str:
    return README.split("## How a facilitator uses it", 1)[1].split("##", 1)[0]


def test_readme_says_questions_open_by_themselves_as_they_do():
    steps = facilitator_steps()
    assert "open and close the question" not in steps
    assert "opens by itself" in steps
    assert "a question shown for the first time opens" in LIVE_RULES


def test_every_button_the_readme_names_exists_in_the_console():
    named = re.findall(r"\*\*([^*]+)\*\*", facilitator_steps().split("5. ", 1)[1].split("6. ", 1)[0])
    keys = [name for name in named if len(name) == 1]
    labels = [name for name in named if len(name) > 1 and name != "opens by itself"]
    assert len(labels) >= 8
    for label in labels:
        assert label in CONSOLE, label
    # Every key the walk-through names is a shortcut the console registers with that key.
    assert {"B", "S", "T", "N", "P", "?"} <= set(keys)
    for key in keys:
        assert re.search(r'keys: \[[^\]]*"' + re.escape(key.lower()) + '"', CONSOLE), key


def test_the_readme_says_where_own_sessions_live_and_how_the_editor_list_takes_keys():
    assert "instance/sessions/" in README and "--sessions-dir" in README and "Meegeleverd" in README
    assert "Tab leaves it" in README
    editor = (REPO_ROOT / "static/js/editor.js").read_text(encoding="utf-8")
    assert "tabindex" in editor  # the list is one Tab stop


def test_the_readme_names_the_downloads_the_opbrengst_page_offers():
    page = (REPO_ROOT / "facilitator/templates/facilitator/opbrengst.html").read_text(encoding="utf-8")
    for name in ("PDF", "Word", "Excel", "CSV", "JSON", "Markdown"):
        assert f">{name}</a>" in page and name in facilitator_steps()
