"""Small things a new facilitator tripped over (issue 20) that need no browser."""
from __future__ import annotations

from sessions.content import Step


def summary(app, step) -> str:
    with app.app_context():
        macros = app.jinja_env.get_template("facilitator/_macros.html").module
        return str(macros.step_summary(step, "Titel"))


def test_no_colon_after_a_heading_that_ends_in_a_question_mark(app):
    asked = Step(id="s1", type="statement", heading="Waar gaat het om?", text="Over samen beslissen.")
    assert summary(app, asked) == "Waar gaat het om? Over samen beslissen."
    plain = Step(id="s2", type="statement", heading="Opbrengst", text="Wat we leerden.")
    assert summary(app, plain) == "Opbrengst: Wat we leerden."


def test_start_up_prints_the_console_and_password_last_with_the_command_to_reset_it(app, capsys):
    from facilitator.commandline.commands import announce

    announce(app, "127.0.0.1", 5000)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert lines[-2] == "Leersessie draait. Console: http://127.0.0.1:5000/console"
    assert lines[-1].startswith("Wachtwoord")


def test_the_password_line_names_the_command_of_a_clone(tmp_path, monkeypatch, capsys):
    from facilitator.commandline.commands import announce
    from run import create_app
    from tests.server_process import REPO_ROOT

    monkeypatch.delenv("LEERSESSIE_PASSWORD", raising=False)
    monkeypatch.chdir(REPO_ROOT)
    config = {"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "ASYNC_MODE": "threading"}
    create_app(config)  # the first start generates the password; the restart below does not show it
    app = create_app(config)
    announce(app, "127.0.0.1", 5000)
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last.endswith("run.py set-password") and "python" in last, last
