"""The library offers Hervatten on the card of a session that runs live: pressing "Start live" there
again made a second run with a new code, while the phones in the room stayed on the first one."""
from __future__ import annotations

import re


def card(page: str, session_id: str) -> str:
    start = page.index(f'data-session-id="{session_id}"')
    return page[start:page.index("</article>", start)]


def test_a_running_session_offers_hervatten_first_and_a_second_run_second(facilitator, running):
    page = facilitator.get("/console").get_data(as_text=True)
    own = card(page, "vertragen-en-verdragen")
    assert f'class="btn btn-primary btn-resume-card" href="/console/live/{running.code}"' in own
    assert re.search(r'class="btn btn-secondary btn-small btn-start">Nog een keer starten', own)
    assert own.index("btn-resume-card") < own.index("btn-start")
    other = card(page, "analyseren")  # not running: as before
    assert "btn-resume-card" not in other and 'class="btn btn-primary btn-start">Start live</button>' in other


def test_an_ended_run_is_not_offered_to_resume(facilitator, running, store):
    from sessions import live as live_rules

    live_rules.end_live(store, running)
    own = card(facilitator.get("/console").get_data(as_text=True), "vertragen-en-verdragen")
    assert "btn-resume-card" not in own and ">Start live</button>" in own
