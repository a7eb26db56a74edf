"""A throttled login is refused before Flask does any work for it (issue 15.11).

Real server: one address fires wrong passwords at once; every refusal is the gate's small page
(no session cookie, no login form rendered, Retry-After set), and the right password still works.
"""
from __future__ import annotations

import threading

from tests.server_process import ServerProcess
from tests.test_login_flood import form_session


def test_refused_logins_never_reach_flask_and_the_facilitator_still_gets_in(tmp_path):
    server = ServerProcess(tmp_path / "data").start()
    try:
        responses: list = []

        def guess(session, token) -> None:
            for _ in range(15):
                responses.append(session.post(server.url + "/login", data={"password": "geraden", "csrf_token": token},
                                              allow_redirects=False, timeout=30))

        sessions = [form_session(server) for _ in range(6)]
        threads = [threading.Thread(target=guess, args=pair) for pair in sessions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        refused = [response for response in responses if response.status_code == 429]
        assert len(refused) > 30, [response.status_code for response in responses]
        # An attempt the gate let through can still be refused by the view's own admission, when a
        # parallel attempt from the same address started its check in between: rare, and harmless.
        gated = [response for response in refused if "Even wachten" in response.text]
        assert len(gated) >= 0.8 * len(refused), (len(gated), len(refused))
        for response in gated:
            assert 'name="password"' not in response.text
            assert "Set-Cookie" not in response.headers  # Flask's session never ran
            assert int(response.headers["Retry-After"]) >= 1
            assert response.headers["X-Content-Type-Options"] == "nosniff"  # the security headers still apply
        session, token = form_session(server)
        for _ in range(50):
            response = session.post(server.url + "/login", data={"password": server.password, "csrf_token": token},
                                    allow_redirects=False, timeout=30)
            if response.status_code == 302:
                break
            threading.Event().wait(0.5)
        assert response.status_code == 302
    finally:
        server.stop()


def test_a_refusal_changes_nothing_in_the_throttle():
    from facilitator.access.login_throttle import LoginThrottle

    clock = [100.0]
    throttle = LoginThrottle(clock=lambda: clock[0])
    assert throttle.refusal("a") == 0.0 and throttle.admit("a") == 0.0
    assert throttle.refusal("a") == 1.0  # one check at a time per source
    throttle.done("a", ok=False)
    throttle.admit("a"), throttle.done("a", ok=False)  # the second failure costs 0.5 s
    assert 0.4 < throttle.refusal("a") <= 0.5
    assert 0.4 < throttle.refusal("a") <= 0.5  # asking twice records nothing
    clock[0] += 1
    assert throttle.refusal("a") == 0.0


def test_the_gate_page_is_plain_dutch_html():
    from facilitator.access.login_gate import _PAGE

    page = _PAGE.format(seconds="2 seconden")
    assert page.startswith("<!doctype html>") and 'lang="nl"' in page and "<title>" in page and "<h1>" in page
    assert "style=" not in page  # the CSP forbids inline style
