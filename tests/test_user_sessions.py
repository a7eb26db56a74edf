"""The user's own sessions live with their data; the shipped ones stay read only; a new one starts empty."""
from __future__ import annotations

import hashlib
import subprocess

import pytest

from run import create_app
from sessions.files.loader import LIBRARY_DIR, load_session
from tests.conftest import PASSWORD, csrf_of
from tests.server_process import REPO_ROOT


def shipped_fingerprint() -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(LIBRARY_DIR.glob("*"))}


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def client(data_dir, monkeypatch):
    monkeypatch.delenv("LEERSESSIE_SESSIONS_DIR", raising=False)
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "PASSWORD": PASSWORD, "ASYNC_MODE": "threading"})
    client = app.test_client()
    assert client.post("/login", data={"password": PASSWORD, "csrf_token": csrf_of(client)}).status_code == 302
    with client.session_transaction() as flask_session:
        client.csrf = flask_session["csrf"]
    return client


def post(client, url, **data):
    return client.post(url, data={"csrf_token": client.csrf, **data})


def test_a_new_session_is_written_beside_the_data_and_the_shipped_ones_show_beside_it(client, data_dir):
    before = shipped_fingerprint()
    response = post(client, "/console/sessions/new", title="Samen beslissen")
    assert response.status_code == 302
    own = data_dir / "sessions" / "samen-beslissen.yaml"
    assert own.is_file()
    assert shipped_fingerprint() == before  # nothing written inside the program
    page = client.get("/console").get_data(as_text=True)
    assert page.count('<article class="session-card') == 7
    card = page.split('data-session-id="samen-beslissen"', 1)[1].split("</article>", 1)[0]
    assert "Eigen" in card and "btn-delete" in card
    shipped = page.split('data-session-id="veiligheid"', 1)[1].split("</article>", 1)[0]
    assert "Meegeleverd" in shipped and "btn-delete" not in shipped and "btn-edit" in shipped
    assert str(data_dir / "sessions") in page  # the library says where the own sessions are


def test_editing_a_shipped_session_makes_an_own_version_and_leaves_the_program_alone(client, data_dir):
    before = shipped_fingerprint()
    assert "meegeleverde leersessie" in client.get("/console/sessions/veiligheid/edit").get_data(as_text=True)
    loaded = client.get("/api/sessions/veiligheid").get_json()
    document = dict(loaded["document"], subtitle="Onze eigen versie")
    saved = client.put("/api/sessions/veiligheid", json={"document": document, "version": loaded["version"]},
                       headers={"X-CSRF-Token": client.csrf}).get_json()
    assert saved["ok"], saved
    own = data_dir / "sessions" / "3-veiligheid.yaml"
    assert load_session(own).subtitle == "Onze eigen versie"
    assert shipped_fingerprint() == before
    # The next save goes to the own version, based on its version.
    document["subtitle"] = "Nog eens"
    again = client.put("/api/sessions/veiligheid", json={"document": document, "version": saved["version"]},
                       headers={"X-CSRF-Token": client.csrf}).get_json()
    assert again["ok"] and load_session(own).subtitle == "Nog eens"
    page = client.get("/console").get_data(as_text=True)
    assert page.count('data-session-id="veiligheid"') == 1 and "Eigen versie verwijderen" in page
    # Deleting the own version brings the shipped one back; the shipped one cannot be deleted.
    assert post(client, "/console/sessions/veiligheid/delete").status_code == 302
    assert not own.exists() and 'data-session-id="veiligheid"' in client.get("/console").get_data(as_text=True)
    refused = post(client, "/console/sessions/veiligheid/delete")
    assert refused.status_code == 409 and "meegeleverde" in refused.get_data(as_text=True)
    assert shipped_fingerprint() == before


def test_duplicate_and_import_go_to_the_own_folder(client, data_dir):
    before = shipped_fingerprint()
    assert post(client, "/console/sessions/analyseren/duplicate").status_code == 302
    assert (data_dir / "sessions" / "analyseren-kopie.yaml").is_file()
    assert shipped_fingerprint() == before


def test_sessions_dir_is_the_own_folder(tmp_path):
    own = tmp_path / "mijn-sessies"
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SESSIONS_DIR": str(own),
                      "ASYNC_MODE": "threading"})
    services = app.extensions["leersessie"]
    assert services.folder().directory == own.resolve()
    assert len(services.library()) == 6  # the shipped ones, though the own folder does not exist yet


def test_in_a_clone_the_own_sessions_are_ignored_by_git():
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    own = app.extensions["leersessie"].folder().directory
    assert own == (REPO_ROOT / "instance" / "sessions").resolve()
    ignored = subprocess.run(["git", "check-ignore", "-q", str(own / "mijn-sessie.yaml")], cwd=REPO_ROOT)
    assert ignored.returncode == 0


def test_a_new_session_starts_empty(client, data_dir):
    post(client, "/console/sessions/new", title="Van nul af aan")
    text = (data_dir / "sessions" / "van-nul-af-aan.yaml").read_text(encoding="utf-8")
    assert "series" not in text and "partners" not in text and "Jeugdinstituut" not in text
    session = load_session(data_dir / "sessions" / "van-nul-af-aan.yaml")  # valid without them
    assert session.series == "" and session.partners == ()
    assert [step.type for step in session.steps] == ["title", "closing"]


def test_check_sessions_checks_the_own_sessions_too(tmp_path):
    import os
    import sys

    own = tmp_path / "eigen"
    own.mkdir()
    (own / "kapot.yaml").write_text("id: kapot\ntitle: Kapot\nsteps: []\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "run.py", "check-sessions"], cwd=REPO_ROOT, capture_output=True,
                            text=True, timeout=60, env=dict(os.environ, LEERSESSIE_SESSIONS_DIR=str(own)))
    assert result.returncode == 1
    assert result.stdout.count("OK sessions/library/") == 6
    assert "FOUT" in result.stdout and "kapot.yaml" in result.stdout
