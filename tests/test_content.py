"""Session files: every step type loads, every invalid case names file, step and field."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sessions.content import session_from_dict, session_to_dict
from sessions.errors import SessionFileError
from sessions.files.loader import LIBRARY_DIR, load_library, load_session, parse_session

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = yaml.safe_load((ROOT / "docs" / "session-format.md").read_text(encoding="utf-8")
                         .split("```yaml", 1)[1].split("```", 1)[0])


def errors_of(data, where="x.yaml") -> list[str]:
    with pytest.raises(SessionFileError) as caught:
        parse_session(data, where)
    return caught.value.errors


def with_step(step: dict) -> dict:
    data = yaml.safe_load(yaml.safe_dump(EXAMPLE))
    data["steps"] = [{"type": "title"}, step]
    return data


def test_documented_example_is_valid_and_covers_every_step_type():
    session = parse_session(EXAMPLE, "example.yaml")
    assert {s.type for s in session.steps} == {"title", "statement", "quote", "insight", "question",
                                               "resources", "closing"}
    assert {s.question.kind for s in session.questions} == {"open", "choice", "scale", "words"}
    choice = session.step_by_id("patronen").question
    assert choice.options == ("Onzekerheid", "Strijd", "Irritatie", "Ongeduld")
    assert choice.multiple and choice.other and choice.time_limit == 180
    assert session.steps[1].heading == "Opbrengst"  # default heading
    assert session.steps[4].group == "Waardes" and session.steps[3].number == 1
    assert session.steps[0].id == "step-1"  # ids are generated for steps without one


def test_snapshot_round_trip():
    session = parse_session(EXAMPLE, "example.yaml")
    assert session_from_dict(session_to_dict(session)) == session


def test_all_six_shipped_sessions_load():
    sessions, errors = load_library(LIBRARY_DIR)
    assert errors == []
    assert len(sessions) == 6
    titles = {s.title for s in sessions.values()}
    assert {"Vertragen en verdragen", "Analyseren", "Veiligheid", "Informele steun"} <= titles
    for session in sessions.values():
        types = [s.type for s in session.steps]
        assert types[0] == "title" and types[-1] == "closing"
        assert "statement" in types and "insight" in types and "resources" in types and session.questions


def test_first_session_is_faithful_to_the_source():
    session = load_session(LIBRARY_DIR / "1-vertragen-en-verdragen.yaml")
    choice = next(s.question for s in session.questions if s.question.kind == "choice")
    assert [o.split(":")[0] for o in choice.options] == ["Onzekerheid", "Strijd", "Irritatie", "Ongeduld"]
    quotes = [s.text for s in session.steps if s.type == "quote"]
    assert "Vertragen is iets anders dan niets doen." in quotes
    urls = [link.url for s in session.steps if s.type == "resources" for g in s.groups for link in g.links]
    assert "https://www.nji.nl/professionalisering/aan-de-slag-met-reflectie" in urls
    assert session.partners and session.series.startswith("Leersessies Proeftuinen")


@pytest.mark.parametrize("step, message", [
    ({"type": "quote", "txet": "x"}, "step 2 (quote): unknown key 'txet'"),
    ({"type": "quote"}, "step 2 (quote): 'text' is required"),
    ({"type": "insight", "heading": "h", "body": "b", "number": "een"},
     "step 2 (insight): 'number' must be a whole number"),
    ({"type": "question", "kind": "choice", "prompt": "p", "options": []},
     "step 2 (question): 'options' needs 2 to 12 items"),
    ({"type": "question", "kind": "choice", "prompt": "p", "options": ["a", "A"]},
     "step 2 (question): 'options' must be distinct"),
    ({"type": "question", "kind": "choice", "prompt": "p", "options": ["a", "b"], "multiple": "ja"},
     "'multiple' must be true or false"),
    ({"type": "question", "kind": "scale", "prompt": "p", "min": 1, "max": 50, "min_label": "a", "max_label": "b"},
     "'max' minus 'min' must be from 1 to 10"),
    ({"type": "question", "kind": "scale", "prompt": "p", "min": 1, "max": 5}, "'min_label' is required"),
    ({"type": "question", "kind": "poll", "prompt": "p"}, "'kind' must be one of open, choice, scale, words"),
    ({"type": "question", "kind": "open", "prompt": "p", "time_limit": 5}, "'time_limit' must be from 10 to 3600"),
    ({"type": "question", "kind": "open", "prompt": "p", "options": ["a", "b"]}, "unknown key 'options'"),
    ({"type": "question", "kind": "words", "prompt": "p", "max_words": 4}, "'max_words' must be from 1 to 3"),
    ({"type": "resources", "groups": [{"publisher": "NJi", "links": [{"label": "x", "url": "www.nji.nl"}]}]},
     "groups[1]: links[1]: 'url' is not a valid http(s) URL"),
    ({"type": "resources", "groups": [{"publisher": "NJi", "links": [{"label": "x", "url": "javascript:alert(1)"}]}]},
     "'url' is not a valid http(s) URL"),
    ({"type": "resources", "groups": []}, "'groups' needs 1 to 30 items"),
    ({"type": "slide"}, "step 2: 'type' must be one of"),
    ({"type": "statement", "text": 42}, "step 2 (statement): 'text' must be a non-empty text"),
    ({"type": "closing", "id": "Niet Goed"}, "'id' must be a slug"),
])
def test_invalid_step_names_file_step_and_field(step, message):
    errors = errors_of(with_step(step))
    assert any(line.startswith("x.yaml: ") and message in line for line in errors), errors


def test_duplicate_step_ids():
    data = with_step({"type": "quote", "id": "dubbel", "text": "a"})
    data["steps"].append({"type": "quote", "id": "dubbel", "text": "b"})
    assert any("step 3 (quote): duplicate id 'dubbel'" in line for line in errors_of(data))


@pytest.mark.parametrize("change, message", [
    ({"partners": "NJi"}, "'partners' must be a list"),
    ({"partners": ["x"] * 21}, "'partners' needs 0 to 20 items"),
    ({"title": None}, "'title' is required"),
    ({"id": "Met Spaties"}, "'id' must be a slug"),
    ({"steps": []}, "'steps' needs 1 to 500 items"),
    ({"titel": "typo"}, "unknown key 'titel'"),
])
def test_invalid_top_level(change, message):
    data = dict(EXAMPLE, **change)
    if change.get("title", "") is None:
        del data["title"]
    assert any(message in line for line in errors_of(data)), errors_of(data)


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text("id: x\nsteps: [\n", encoding="utf-8")
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    assert "kapot.yaml" in caught.value.errors[0] and "invalid YAML" in caught.value.errors[0]


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "run.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=env)


def test_check_sessions_prints_six_ok_lines(tmp_path):
    env = dict(os.environ, LEERSESSIE_SESSIONS_DIR=str(tmp_path / "eigen"))  # no own sessions here
    result = run_cli("check-sessions", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 6 and all(line.startswith("OK sessions/library/") for line in lines)
    assert "— Vertragen en verdragen, " in lines[0] and lines[0].endswith(" steps")


def test_check_sessions_reports_a_typo_with_file_step_and_field(tmp_path):
    source = (LIBRARY_DIR / "3-veiligheid.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "3-veiligheid.yaml"
    broken.write_text(source.replace("prompt:", "promt:", 1), encoding="utf-8")
    result = run_cli("check-sessions", str(broken))
    assert result.returncode == 1
    assert f"{broken}: step " in result.stdout and "(question): unknown key 'promt'" in result.stdout


def test_unknown_flag_exits_2_with_usage():
    result = run_cli("serve", "--prot", "5000")
    assert result.returncode == 2 and "usage:" in result.stderr
    result = run_cli("serve", "--port", "zeventig")
    assert result.returncode == 2 and "geen poortnummer" in result.stderr  # Dutch: the user reads it
