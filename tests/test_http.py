"""HTTP: login, CSRF, protected routes, join pages, QR codes, headers, write-up API."""
from __future__ import annotations

import time

from sessions import live as live_rules
from tests.conftest import PASSWORD, csrf_of


def test_facilitator_pages_require_login(app, running):
    client = app.test_client()
    for path in ("/console", f"/console/live/{running.code}", f"/console/live/{running.code}/opbrengst",
                 f"/console/live/{running.code}/export.csv"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    assert client.get(f"/api/live/{running.code}/writeup").status_code == 401
    token = csrf_of(client)
    assert client.post("/console/start", data={"session_id": "analyseren", "csrf_token": token}).status_code == 302
    assert len(app.extensions["leersessie"].store.list_lives()) == 1  # only the fixture's


def test_login_sets_a_safe_cookie_and_logout_ends_it(app):
    client = app.test_client()
    token = csrf_of(client)
    response = client.post("/login", data={"password": PASSWORD, "csrf_token": token, "next": "//evil.example/"})
    assert response.status_code == 302 and response.headers["Location"] == "/console"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/console").status_code == 200
    with client.session_transaction() as flask_session:
        token = flask_session["csrf"]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/console").status_code == 302


def test_post_without_csrf_token_is_refused(app, facilitator, running, store):
    assert app.test_client().post("/login", data={"password": PASSWORD}).status_code == 400
    assert facilitator.post("/console/start", data={"session_id": "analyseren"}).status_code == 400
    assert facilitator.post(f"/console/live/{running.code}/end", data={"csrf_token": "fout"}).status_code == 400
    assert store.live_by_id(running.id).is_live


def test_wrong_passwords_slow_down_the_next_attempt_from_that_source(app):
    client = app.test_client()
    token = csrf_of(client)
    for _ in range(2):  # the first typo costs nothing; the second blocks this source for 0.5 s
        response = client.post("/login", data={"password": "fout", "csrf_token": token})
        assert response.status_code == 401 and "Onjuist wachtwoord" in response.get_data(as_text=True)
    started = time.monotonic()
    refused = client.post("/login", data={"password": PASSWORD, "csrf_token": token})
    assert time.monotonic() - started < 0.1, "a refused attempt must not be hashed or wait"
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    assert "Te veel pogingen. Wacht 1 seconde en" in refused.get_data(as_text=True)
    time.sleep(0.55)
    assert client.post("/login", data={"password": PASSWORD, "csrf_token": token}).status_code == 302


def test_start_live_and_console_page(facilitator, store):
    response = facilitator.post("/console/start", data={"session_id": "veiligheid", "csrf_token": facilitator.csrf})
    code = response.headers["Location"].rsplit("/", 1)[1]
    found = store.live_by_code(code)
    assert found.content.title == "Veiligheid"
    page = facilitator.get(f"/console/live/{code}").get_data(as_text=True)
    assert code in page and f"/screen/{found.screen_token}" in page and f"/qr/{code}.svg" in page
    assert "/j/" + code in page and "127.0.0.1" not in page.split("/j/" + code)[0][-40:]
    assert facilitator.post("/console/start", data={"session_id": "bestaat-niet",
                                                    "csrf_token": facilitator.csrf}).status_code == 404


def test_library_lists_sessions_with_step_counts(facilitator, library):
    page = facilitator.get("/console").get_data(as_text=True)
    for content in library.values():
        assert content.title in page


def test_join_pages(app, running, store):
    client = app.test_client()
    assert "code" in client.get("/").get_data(as_text=True).lower()
    assert client.get("/j").status_code == 200
    redirect = client.get(f"/j?code={running.code.lower()}")
    assert redirect.status_code == 302 and redirect.headers["Location"].endswith(f"/j/{running.code}")
    page = client.get(f"/j/{running.code}")
    assert page.status_code == 200 and running.content.title in page.get_data(as_text=True)
    assert "Set-Cookie" not in page.headers  # phones get no cookie
    assert client.get(f"/j/{running.code.lower()}").status_code == 302
    missing = client.get("/j/ZZZZZZ")
    assert missing.status_code == 404 and "kennen we niet" in missing.get_data(as_text=True)
    live_rules.end_live(store, running)
    assert client.get(f"/j/{running.code}").status_code == 404


def test_code_guessing_is_rate_limited(app, running):
    client = app.test_client()
    statuses = [client.get(f"/j/GUESS{n:02d}").status_code for n in range(25)]
    assert statuses[:20] == [404] * 20 and statuses[-1] == 429
    assert client.get(f"/j/{running.code}").status_code == 200  # a right code is never refused


def test_qr_code_and_screen_token(app, running):
    client = app.test_client()
    svg = client.get(f"/qr/{running.code}.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert client.get("/qr/ZZZZZZ.svg").status_code == 404
    assert client.get(f"/screen/{running.screen_token}").status_code == 200
    assert client.get("/screen/geraden-token").status_code == 404


def test_security_headers(app):
    response = app.test_client().get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "http" not in policy.replace("https", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_page_loads_anything_from_another_host(app, facilitator, running):
    for path in ("/", f"/j/{running.code}", "/console", f"/console/live/{running.code}",
                 f"/screen/{running.screen_token}"):
        page = (facilitator if path.startswith("/console") else app.test_client()).get(path).get_data(as_text=True)
        for marker in ('src="http', "src='http", 'rel="stylesheet" href="http', "//cdn", "fonts.googleapis"):
            assert marker not in page, (path, marker)


def test_writeup_api_saves_and_validates(facilitator, running, store):
    url = f"/api/live/{running.code}/writeup"
    first = facilitator.get(url).get_json()
    assert first["statement"].startswith("Werken aan echte") and first["insights"][0]["number"] == 1
    headers = {"X-CSRF-Token": facilitator.csrf}
    saved = facilitator.put(url, json={"statement": "Nieuwe tekst", "insights": [
        {"group": "Inzichten", "number": 1, "heading": "Kop", "body": "Tekst"}]}, headers=headers)
    assert saved.status_code == 200 and saved.get_json()["statement"] == "Nieuwe tekst"
    assert store.writeup(running.id).insights[0]["heading"] == "Kop"
    for bad in ({"statement": 5}, {"insights": "x"}, {"insights": [{"number": "een"}]},
                {"quotes": [{"answer_id": "x"}]},
                {"onbekend": 1}, ["lijst"]):
        response = facilitator.put(url, json=bad, headers=headers)
        assert response.status_code == 400 and response.get_json()["message"], bad
    assert facilitator.put(url, json={"statement": "zonder token"}).status_code == 400
    assert store.writeup(running.id).statement == "Nieuwe tekst"


def test_quote_curation_reorders_edits_and_drops(facilitator, running, store):
    index = next(i for i, s in enumerate(running.content.steps) if s.is_question and s.question.kind == "open")
    found = live_rules.enter_step(store, running, index)
    for answer_id, text in (("a" * 22, "Eerste citaat"), ("b" * 22, "Tweede citaat"), ("c" * 22, "Derde")):
        live_rules.submit_answer(store, found, answer_id, found.step.id, {"text": text})
        live_rules.moderate(store, found, answer_id, "star")
    quotes = [{"answer_id": "b" * 22, "text": "Tweede citaat, verbeterd"},
              {"answer_id": "a" * 22, "text": "Eerste citaat"},
              {"answer_id": "c" * 22, "dropped": True}]
    response = facilitator.put(f"/api/live/{running.code}/writeup", json={"quotes": quotes},
                               headers={"X-CSRF-Token": facilitator.csrf})
    assert response.status_code == 200
    from sessions.opbrengst import build_opbrengst

    opbrengst = build_opbrengst(store, store.live_by_id(running.id))
    assert [q.text for q in opbrengst.quotes] == ["Tweede citaat, verbeterd", "Eerste citaat"]
    assert store.answer("b" * 22).value == {"text": "Tweede citaat"}  # the original answer stays
    assert not store.answer("c" * 22).starred


def test_delete_needs_the_code_as_confirmation(facilitator, running, store):
    url = f"/console/live/{running.code}/delete"
    assert facilitator.post(url, data={"csrf_token": facilitator.csrf, "confirm": "nee"}).status_code == 400
    assert store.live_by_id(running.id) is not None
    response = facilitator.post(url, data={"csrf_token": facilitator.csrf, "confirm": running.code.lower()})
    assert response.status_code == 302 and store.live_by_id(running.id) is None


def test_end_redirects_to_opbrengst(facilitator, running, store):
    response = facilitator.post(f"/console/live/{running.code}/end", data={"csrf_token": facilitator.csrf})
    assert response.headers["Location"].endswith(f"/console/live/{running.code}/opbrengst")
    assert not store.live_by_id(running.id).is_live
    assert facilitator.get(f"/console/live/{running.code}").status_code == 302


def test_library_can_end_a_running_session(facilitator, running, store):
    page = facilitator.get("/console").get_data(as_text=True)
    assert f'action="/console/live/{running.code}/end"' in page and f'form="end-{running.code}"' in page
    facilitator.post(f"/console/live/{running.code}/end", data={"csrf_token": facilitator.csrf})
    page = facilitator.get("/console").get_data(as_text=True)
    assert f'form="end-{running.code}"' not in page and "Afgelopen" in page


def test_parallel_guesses_from_one_source_are_refused_not_queued(app):
    import threading

    clients = [app.test_client() for _ in range(6)]
    tokens = [csrf_of(client) for client in clients]
    statuses = []
    threads = [threading.Thread(target=lambda c=client, t=token: statuses.append(
        c.post("/login", data={"password": "fout", "csrf_token": t}).status_code))
        for client, token in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(statuses)[0] == 401 and set(statuses) <= {401, 429} and statuses.count(401) <= 2


def test_socket_origins_same_origin_and_public_url(tmp_path):
    from run import _allowed_origins, create_app

    proxied = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "p"), "PASSWORD": "x",
                          "ASYNC_MODE": "threading", "PUBLIC_URL": "https://leersessie.example.nl"})
    allowed = _allowed_origins(proxied)
    environ = {"wsgi.url_scheme": "http", "HTTP_HOST": "127.0.0.1:5000"}
    assert allowed("http://127.0.0.1:5000", environ)  # the console on the laptop itself
    assert allowed("https://leersessie.example.nl", environ)  # phones through the proxy
    assert not allowed("https://elders.example.com", environ)
