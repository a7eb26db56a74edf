"""The session editor over HTTP: library actions, the save API, conflicts, answered questions, import."""
from __future__ import annotations

import io
import shutil

import pytest

from run import create_app
from sessions import live as live_rules
from sessions.files.loader import LIBRARY_DIR, load_session
from tests.conftest import PASSWORD, csrf_of

ANSWER = "e" * 22


@pytest.fixture
def sessions_dir(tmp_path):
    folder = tmp_path / "sessies"
    folder.mkdir()
    for path in LIBRARY_DIR.glob("*.yaml"):
        shutil.copy(path, folder)
    return folder


@pytest.fixture
def app(tmp_path, sessions_dir):
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "PASSWORD": PASSWORD,
                       "ASYNC_MODE": "threading", "SESSIONS_DIR": str(sessions_dir)})


@pytest.fixture
def client(app):
    client = app.test_client()
    response = client.post("/login", data={"password": PASSWORD, "csrf_token": csrf_of(client)})
    assert response.status_code == 302
    with client.session_transaction() as flask_session:
        client.csrf = flask_session["csrf"]
    return client


@pytest.fixture
def store(app):
    return app.extensions["leersessie"].store


def api(client, session_id):
    return client.get(f"/api/sessions/{session_id}").get_json()


def put(client, session_id, document, version, **extra):
    return client.put(f"/api/sessions/{session_id}", json={"document": document, "version": version, **extra},
                      headers={"X-CSRF-Token": client.csrf})


def post(client, url, **data):
    return client.post(url, data={"csrf_token": client.csrf, **data})


def test_library_shows_validity_runs_and_actions(client, store, sessions_dir):
    (sessions_dir / "kapot.yaml").write_text("id: kapot\ntitle: Kapot\nsteps: []\n", encoding="utf-8")
    live_rules.start_live(store, load_session(sessions_dir / "3-veiligheid.yaml"))
    page = client.get("/console").get_data(as_text=True)
    card = page.split('data-session-id="veiligheid"', 1)[1].split("</article>", 1)[0]
    assert "Geldig" in card and "1 live-sessie · 1 loopt nu" in card and "btn-delete" in card and "disabled" in card
    broken = page.split('data-session-id="kapot"', 1)[1].split("</article>", 1)[0]
    assert "Concept: 1 fout" in broken and "btn-start" not in broken and "/console/sessions/kapot/edit" in broken
    assert 'id="btn-new-session"' in page and 'id="btn-import"' in page


def test_new_duplicate_and_delete(client, store, sessions_dir):
    response = post(client, "/console/sessions/new", title="Samen beslissen!")
    assert response.headers["Location"].endswith("/console/sessions/samen-beslissen/edit")
    assert load_session(sessions_dir / "samen-beslissen.yaml").title == "Samen beslissen!"
    response = post(client, "/console/sessions/veiligheid/duplicate")
    assert response.headers["Location"].endswith("/console/sessions/veiligheid-kopie/edit")
    copy = (sessions_dir / "veiligheid-kopie.yaml").read_text(encoding="utf-8")
    original = (sessions_dir / "3-veiligheid.yaml").read_text(encoding="utf-8")
    assert copy == original.replace("id: veiligheid\n", "id: veiligheid-kopie\n").replace(
        "title: Veiligheid\n", "title: Veiligheid (kopie)\n")
    assert client.get("/console/sessions/veiligheid-kopie/edit").status_code == 200

    running = live_rules.start_live(store, load_session(sessions_dir / "veiligheid-kopie.yaml"))
    response = post(client, "/console/sessions/veiligheid-kopie/delete")
    assert response.status_code == 409 and "loopt nu live" in response.get_data(as_text=True)
    assert (sessions_dir / "veiligheid-kopie.yaml").exists()
    live_rules.end_live(store, running)
    assert post(client, "/console/sessions/veiligheid-kopie/delete").status_code == 302
    assert not (sessions_dir / "veiligheid-kopie.yaml").exists()
    assert store.live_by_code(running.code) is not None  # the past run and its snapshot stay


def test_save_while_typing_keeps_drafts_and_validates_per_field(client, sessions_dir):
    loaded = api(client, "veiligheid")
    document = loaded["document"]
    assert loaded["errors"] == [] and document["steps"][0]["_key"] == 0
    question = next(i for i, s in enumerate(document["steps"]) if s["type"] == "question" and s["kind"] == "choice")
    document["steps"][question]["options"] = ["Maar een"]
    response = put(client, "veiligheid", document, loaded["version"]).get_json()
    assert response["ok"] and not response["valid"]
    assert {"path": f"steps.{question}.options",
            "message": "Geef 2 tot 12 opties."}.items() <= response["errors"][0].items()
    assert "Maar een" in (sessions_dir / "3-veiligheid.yaml").read_text(encoding="utf-8")  # the draft is on disk
    response = post(client, "/console/start", session_id="veiligheid")
    assert response.status_code == 409 and "bevat nog fouten" in response.get_data(as_text=True)
    assert "Concept: 1 fout" in client.get("/console").get_data(as_text=True)


def test_a_change_on_disk_is_a_conflict_until_the_facilitator_chooses(client, sessions_dir):
    loaded = api(client, "veiligheid")
    path = sessions_dir / "3-veiligheid.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Veiligheid", "title: Veiligheid (schijf)"),
                    encoding="utf-8")
    document = dict(loaded["document"], subtitle="Uit de editor")
    response = put(client, "veiligheid", document, loaded["version"])
    assert response.status_code == 409 and response.get_json()["error"] == "conflict"
    assert "Veiligheid (schijf)" in path.read_text(encoding="utf-8")
    assert put(client, "veiligheid", document, loaded["version"], force=True).get_json()["ok"]
    assert "subtitle: Uit de editor" in path.read_text(encoding="utf-8")


def test_answered_questions_keep_kind_and_options_or_become_a_new_session(client, store, sessions_dir):
    session = load_session(sessions_dir / "1-vertragen-en-verdragen.yaml")
    running = live_rules.start_live(store, session)
    index = next(i for i, s in enumerate(session.steps) if s.is_question and s.question.kind == "choice")
    running = live_rules.enter_step(store, running, index)
    step = session.steps[index]
    live_rules.submit_answer(store, running, ANSWER, step.id, {"options": [0]})
    loaded = api(client, session.id)
    assert step.id in loaded["reserved_ids"]
    document = loaded["document"]
    document["steps"][index]["prompt"] = "Een betere formulering?"  # wording may change
    saved = put(client, session.id, document, loaded["version"]).get_json()
    assert saved["ok"]
    document["steps"][index]["options"] = ["Iets heel anders", "Nog iets"]
    response = put(client, session.id, document, saved["version"])
    assert response.status_code == 409 and response.get_json()["errors"][0]["path"] == f"steps.{index}.options"
    document["steps"][index]["kind"] = "open"
    for key in ("options", "multiple", "other"):
        document["steps"][index].pop(key, None)
    assert put(client, session.id, document, saved["version"]).status_code == 409
    created = client.post(f"/api/sessions/{session.id}/save-as", json={"document": document},
                          headers={"X-CSRF-Token": client.csrf}).get_json()
    assert created["ok"] and created["url"].endswith("/edit")
    new = load_session(sessions_dir / f"{created['id']}.yaml")
    assert new.steps[index].question.kind == "open" and new.title.endswith("(nieuw)")
    # The running session keeps the snapshot it started with.
    assert store.live_by_id(running.id).content.steps[index].question.prompt == step.question.prompt


def test_edits_apply_to_the_next_start_only(client, store, sessions_dir):
    running = live_rules.start_live(store, load_session(sessions_dir / "3-veiligheid.yaml"))
    loaded = api(client, "veiligheid")
    assert put(client, "veiligheid", dict(loaded["document"], title="Veiligheid, herzien"),
               loaded["version"]).get_json()["ok"]
    assert store.live_by_id(running.id).content.title == "Veiligheid"
    response = post(client, "/console/start", session_id="veiligheid")
    code = response.headers["Location"].rsplit("/", 1)[1]
    assert store.live_by_code(code).content.title == "Veiligheid, herzien"


def upload(client, data: bytes, name: str = "sessie.yaml"):
    return client.post("/console/sessions/import", content_type="multipart/form-data",
                       data={"csrf_token": client.csrf, "file": (io.BytesIO(data), name)})


def test_import_checks_like_check_sessions(client, sessions_dir):
    example = (sessions_dir / "3-veiligheid.yaml").read_text(encoding="utf-8")
    example = example.replace("id: veiligheid", "id: geimporteerd")
    response = upload(client, ("# eigen commentaar\n" + example).encode(), name="../../buiten.yaml")
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/sessions/geimporteerd/edit")
    assert (sessions_dir / "geimporteerd.yaml").read_text(encoding="utf-8").startswith("# eigen commentaar\n")
    assert not (sessions_dir.parent / "buiten.yaml").exists()
    for data, message in (
        (example.encode(), "Er staat al een leersessie met id"),
        (b"\xff\xfe\x00g\x00", "geen UTF-8"),
        (b"boodschappen:\n  - melk\n", "geen leersessie"),
        (b"id: [\n", "geen geldige YAML"),
        (example.replace("id: geimporteerd", "id: ander").replace("kind: words", "kind: woorden").encode(),
         "soort vraag"),
        (b"#" * 300_000, "te groot"),
    ):
        response = upload(client, data)
        assert response.status_code in (400, 413), message
        assert message in response.get_data(as_text=True), message


def test_import_refuses_a_key_twice_like_the_editor(client, sessions_dir):
    """Issue 15.12: one rule for every YAML load: a key twice is refused with the key named, not "last wins"."""
    example = (sessions_dir / "3-veiligheid.yaml").read_text(encoding="utf-8").replace("id: veiligheid", "id: dubbel")
    twice = example.replace("\ntitle:", "\ntitle: Eerste titel\ntitle:", 1)
    response = upload(client, twice.encode())
    assert response.status_code == 400
    assert "De sleutel &#39;title&#39; staat twee keer in dit bestand" in response.get_data(as_text=True)
    assert not (sessions_dir / "dubbel.yaml").exists() and post(client, "/console/start",
                                                                 session_id="dubbel").status_code != 302
    nested = example.replace("kind: words", "kind: words\n    kind: open", 1)
    response = upload(client, nested.encode())
    assert response.status_code == 400
    assert "De sleutel &#39;kind&#39; staat twee keer" in response.get_data(as_text=True)
    # Keys only the editor's YAML 1.2 parser sees as equal (0o17 is 15 there): refused at import as well.
    octal = example.replace("\ntitle:", "\n0o17: a\n15: b\ntitle:", 1)
    response = upload(client, octal.encode())
    assert response.status_code == 400 and "De editor kan dit bestand niet lezen" in response.get_data(as_text=True)
    # A file someone put in the folder by hand is refused in the library as well, and its edit page says why.
    (sessions_dir / "dubbel.yaml").write_text(twice, encoding="utf-8")
    assert client.get("/console/sessions/dubbel/edit").status_code < 500
    assert "dubbel.yaml: line 4 invalid YAML (duplicate key" in client.get("/console").get_data(as_text=True)
    assert post(client, "/console/start", session_id="dubbel").status_code != 302


def test_import_of_a_huge_number_is_a_dutch_error(client, sessions_dir):
    """Issue 15.13: a 100,000-digit number (over Python's integer-string limit) is no 500."""
    example = (sessions_dir / "3-veiligheid.yaml").read_text(encoding="utf-8").replace("id: veiligheid", "id: getal")
    huge = example.replace("\ntitle:", "\nk_threshold: " + "9" * 100_000 + "\ntitle:", 1)
    response = upload(client, huge.encode())
    assert response.status_code == 400
    assert "getal van meer dan 100 cijfers" in response.get_data(as_text=True)
    assert not (sessions_dir / "getal.yaml").exists()


@pytest.mark.parametrize("bad", ["..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "a%00b", "x" * 300, "..", "Veiligheid"])
def test_session_ids_in_urls_never_reach_outside(client, bad):
    for url in (f"/console/sessions/{bad}/edit", f"/console/sessions/{bad}/download", f"/api/sessions/{bad}"):
        assert client.get(url).status_code == 404, url
    assert post(client, f"/console/sessions/{bad}/delete").status_code == 404


def test_bad_documents_are_refused_without_writing(client, sessions_dir):
    loaded = api(client, "veiligheid")
    before = (sessions_dir / "3-veiligheid.yaml").read_bytes()
    nested: dict = {}
    for _ in range(20):
        nested = {"a": nested}
    for document in (dict(loaded["document"], title="x\x00y"), dict(loaded["document"], title="\ud800"),
                     dict(loaded["document"], extra=nested), dict(loaded["document"], id="ander"), "tekst"):
        response = put(client, "veiligheid", document, loaded["version"])
        assert response.status_code == 400, document if isinstance(document, str) else document.get("title")
    assert (sessions_dir / "3-veiligheid.yaml").read_bytes() == before


def test_only_the_previews_may_be_framed(client):
    preview = client.get("/console/preview/screen")
    assert preview.status_code == 200 and "frame-ancestors 'self'" in preview.headers["Content-Security-Policy"]
    assert "screen-slides.js" in preview.get_data(as_text=True)
    assert "phone-render.js" in client.get("/console/preview/phone").get_data(as_text=True)
    editor = client.get("/console/sessions/veiligheid/edit")
    assert "frame-ancestors 'none'" in editor.headers["Content-Security-Policy"]


def test_editor_needs_login(app):
    anonymous = app.test_client()
    assert anonymous.get("/console/sessions/veiligheid/edit").status_code == 302
    assert anonymous.get("/api/sessions/veiligheid").status_code == 401
    assert anonymous.get("/console/sessions/veiligheid/download").status_code == 302


def test_download_is_the_file_as_on_disk(client, sessions_dir):
    response = client.get("/console/sessions/veiligheid/download")
    assert response.data == (sessions_dir / "3-veiligheid.yaml").read_bytes()
    assert 'filename="3-veiligheid.yaml"' in response.headers["Content-Disposition"]
