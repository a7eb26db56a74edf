"""Session files edited from the browser: round-trip writes, validation per field, path safety."""
from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from sessions.errors import Conflict, DomainError, NotFound
from sessions.files.folder import SessionFolder, decode_upload
from sessions.files.loader import LIBRARY_DIR, load_session
from sessions.files.roundtrip import apply_document
from sessions.files.validation import validate

SHIPPED = sorted(LIBRARY_DIR.glob("*.yaml"))
COMMENTED = "# Leersessie, bijgehouden met de hand\n"


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a diff removes or adds."""
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def with_comments(text: str) -> str:
    """The file with a comment on top, a comment above the steps and one at the end of a line."""
    text = COMMENTED + text.replace("\nsteps:\n", "\n# De stappen, in volgorde\nsteps:\n", 1)
    return text.replace("\n  - type: title\n", "\n  - type: title  # opening\n", 1)


@pytest.fixture
def folder(tmp_path) -> SessionFolder:
    for path in SHIPPED:
        (tmp_path / path.name).write_text(with_comments(path.read_text(encoding="utf-8")), encoding="utf-8")
    return SessionFolder(tmp_path)


def session_id_of(path: Path) -> str:
    return load_session(path).id


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_editing_one_field_of_a_shipped_file_changes_only_that_line(folder, path):
    session_id = session_id_of(path)
    before = folder.read(session_id)
    document = before.document
    question = next(step for step in document["steps"] if step["type"] == "question")
    question["prompt"] = "Een andere vraag?"
    folder.save_document(session_id, document, before.version)
    after = folder.read(session_id).text
    assert changed_lines(before.text, after) == [
        f"-    prompt: {next(s for s in load_session(path).steps if s.is_question).question.prompt}",
        "+    prompt: Een andere vraag?"]
    assert after.startswith(COMMENTED) and "# De stappen, in volgorde" in after and "# opening" in after


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_editing_a_text_block_keeps_it_a_block_and_the_rest_unchanged(folder, path):
    session_id = session_id_of(path)
    before = folder.read(session_id)
    document = before.document
    quote = next(step for step in document["steps"] if step["type"] == "quote")
    quote["text"] = "Eerste regel.\n\nTweede alinea."
    folder.save_document(session_id, document, before.version)
    after = folder.read(session_id).text
    removed = [line for line in changed_lines(before.text, after) if line.startswith("-")]
    added = [line for line in changed_lines(before.text, after) if line.startswith("+")]
    assert len(removed) == 1 and removed[0].startswith("-      ")  # only the old text line
    assert added == ["+      Eerste regel.", "+", "+      Tweede alinea."]
    assert load_session(folder.find(session_id)).step_by_id(quote["id"]).text == "Eerste regel.\n\nTweede alinea."


def test_no_change_writes_the_identical_file(folder):
    for path in SHIPPED:
        current = folder.read(session_id_of(path))
        assert apply_document(current.text, current.document) == current.text


def test_moving_adding_and_removing_steps_keeps_comments_and_blank_lines(folder):
    current = folder.read("vertragen-en-verdragen")
    document = current.document
    steps = document["steps"]
    steps[1], steps[2] = steps[2], steps[1]
    steps.insert(3, {"type": "quote", "text": "Nieuw citaat", "source": "Deelnemer"})
    del steps[-2]
    folder.save_document("vertragen-en-verdragen", document, current.version)
    text = folder.read("vertragen-en-verdragen").text
    assert "  - type: title  # opening\n" in text and text.startswith(COMMENTED)
    assert "\n\n  - type: quote\n    text: Nieuw citaat\n    source: Deelnemer\n\n" in text
    session = load_session(folder.find("vertragen-en-verdragen"))
    assert [s.id for s in session.steps[:3]] == ["titel", "citaat-samen-werken", "opbrengst"]


def test_a_change_on_disk_is_not_overwritten_silently(folder):
    current = folder.read("veiligheid")
    path = folder.find("veiligheid")
    path.write_text(current.text.replace("title: Veiligheid", "title: Veiligheid op schijf"), encoding="utf-8")
    document = current.document
    document["subtitle"] = "Uit de editor"
    with pytest.raises(Conflict):
        folder.save_document("veiligheid", document, current.version)
    assert "Veiligheid op schijf" in path.read_text(encoding="utf-8")
    folder.save_document("veiligheid", document, None)  # the facilitator chose to overwrite
    assert "subtitle: Uit de editor" in path.read_text(encoding="utf-8")


def test_writes_are_atomic_and_leave_no_temporary_files(folder, monkeypatch):
    current = folder.read("analyseren")
    document = current.document
    document["title"] = "Half geschreven"

    def broken_replace(source, target):
        raise OSError("schijf vol")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        folder.save_document("analyseren", document, current.version)
    assert folder.read("analyseren").text == current.text
    assert not [p for p in folder.directory.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("bad", ["../etc/passwd", "..", "/etc/passwd", "a/b", "veiligheid\x00", "x" * 5000,
                                 "VEILIGHEID", "a..b", "%2e%2e", "", None, 7, "..\\windows"])
def test_session_ids_never_become_paths(folder, bad):
    with pytest.raises(NotFound):
        folder.find(bad)
    with pytest.raises(DomainError):
        folder.create(bad, "id: x\n")


@pytest.mark.parametrize("name", ["../x.yaml", "/tmp/x.yaml", "x.yaml\x00.txt", "sub/x.yaml", ".x.yaml",
                                  "x" * 300 + ".yaml", "x.txt", "..yaml", "x.yaml/"])
def test_file_names_stay_inside_the_folder(folder, name):
    with pytest.raises(DomainError):
        folder.path_for_name(name)


def test_a_symlink_out_of_the_folder_is_refused(folder, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "doel.yaml"
    outside.write_text("id: buiten\n", encoding="utf-8")
    (folder.directory / "link.yaml").symlink_to(outside)
    with pytest.raises(DomainError):
        folder.path_for_name("link.yaml")


def test_uploads_must_be_small_utf8_text():
    assert decode_upload("\ufeffid: a\n".encode("utf-8")) == "id: a\n"
    for data, code in ((b"\xff\xfe\x00i", "not_utf8"), (b"id: a\n" * 50_000, "too_large"), (b"  \n", "not_a_session")):
        with pytest.raises(DomainError) as raised:
            decode_upload(data)
        assert raised.value.code == code


def test_validation_errors_name_the_field_in_dutch():
    document = {"id": "x", "title": "T", "series": "S", "partners": ["P"], "steps": [
        {"type": "quote", "txet": "a"},
        {"type": "question", "id": "v", "kind": "choice", "prompt": "Vraag?", "options": ["Een"]},
        {"type": "question", "id": "s", "kind": "scale", "prompt": "Schaal?", "min": 1, "max": 30,
         "min_label": "a", "max_label": "b"},
        {"type": "resources", "groups": [{"links": [{"label": "L", "url": "ftp://x"}]}]},
        {"type": "question", "id": "v", "kind": "open", "prompt": "Nog een", "time_limit": 5},
    ]}
    errors = {error.path: error.message for error in validate(document)}
    assert errors["steps.0.txet"].startswith("Onbekend veld 'txet'")
    assert errors["steps.0.text"] == "Vul dit veld in."
    assert errors["steps.1.options"] == "Geef 2 tot 12 opties."
    assert errors["steps.2.max"] == "Het maximum moet 1 tot 10 hoger zijn dan het minimum."
    assert errors["steps.3.groups.0.links.0.url"].startswith("Geen geldig webadres")
    assert errors["steps.4.time_limit"] == "Kies een getal van 10 tot en met 3600."
    assert errors["steps.4.id"] == "De id 'v' komt al eerder voor in deze leersessie."
    assert validate({"id": "Fout id", "steps": []})[0].message.startswith("Gebruik alleen kleine letters")
    assert all("must" not in error.message for error in validate({"steps": "x", "number": "drie"}))


def test_every_shipped_file_is_valid_for_the_editor_too(folder):
    for path in SHIPPED:
        assert validate(folder.read(session_id_of(path)).document) == []


def test_a_file_written_by_another_tool_keeps_its_indentation(tmp_path):
    text = ("id: eigen\ntitle: Eigen\nseries: S\npartners:\n- A\n- B\n"
            "steps:\n- type: title\n- type: closing\n  text: Dag\n")
    (tmp_path / "eigen.yaml").write_text(text, encoding="utf-8")
    folder = SessionFolder(tmp_path)
    current = folder.read("eigen")
    document = current.document
    document["steps"][1]["text"] = "Tot ziens"
    folder.save_document("eigen", document, current.version)
    assert folder.read("eigen").text == text.replace("Dag", "Tot ziens")
    shutil.rmtree(tmp_path)
