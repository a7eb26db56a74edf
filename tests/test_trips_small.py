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
