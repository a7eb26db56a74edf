"""Issue 8.14 (and the CSP part of 8.13): headers, content types, a Dutch plural."""
from __future__ import annotations

import pytest

from sessions.answers import normalize_value
from sessions.content import Question
from sessions.errors import InvalidAnswer


def test_socketio_transport_responses_carry_csp_and_nosniff(app):
    response = app.test_client().get("/socket.io/?EIO=4&transport=polling", base_url="http://192.168.1.20:5000")
    assert response.status_code == 200 and response.get_data(as_text=True).startswith("0{")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self' ws://192.168.1.20:5000 wss://192.168.1.20:5000;" in policy


def test_csp_allows_sockets_to_the_own_origin_only(app):
    policy = app.test_client().get("/", base_url="http://192.168.1.20:5000").headers["Content-Security-Policy"]
    sources = policy.split("connect-src", 1)[1].split(";", 1)[0].split()
    assert sources == ["'self'", "ws://192.168.1.20:5000", "wss://192.168.1.20:5000"]


@pytest.mark.parametrize("export_format, content_type", [("csv", "text/csv; charset=utf-8"),
                                                         ("json", "application/json; charset=utf-8"),
                                                         ("md", "text/markdown; charset=utf-8")])
def test_export_content_type_names_the_charset_once(facilitator, running, export_format, content_type):
    response = facilitator.get(f"/console/live/{running.code}/export.{export_format}")
    assert response.status_code == 200 and response.headers["Content-Type"] == content_type


def test_one_word_is_singular():
    question = Question(kind="words", prompt="Eén woord?", max_words=1)
    with pytest.raises(InvalidAnswer, match=r"^Vul maximaal 1 woord in\.$"):
        normalize_value(question, {"words": ["rust", "ruimte"]})
    with pytest.raises(InvalidAnswer, match=r"^Vul maximaal 3 woorden in\.$"):
        normalize_value(Question(kind="words", prompt="Drie?", max_words=3), {"words": ["a", "b", "c", "d"]})


@pytest.mark.parametrize("method, path, body, status, code", [
    ("GET", "/api/live/ZZZZZZ/writeup", None, 404, "not_found"),
    ("PATCH", "/api/live/ZZZZZZ/writeup", None, 405, "method_not_allowed"),
    ("PUT", "/api/live/ZZZZZZ/writeup", "x" * 300_000, 413, "too_large"),
    ("GET", "/api/live/" + "A" * 9000 + "/writeup", None, 414, "uri_too_long"),
])
def test_api_errors_carry_a_documented_code_and_a_dutch_message(facilitator, method, path, body, status, code):
    response = facilitator.open(path, method=method, data=body, headers={"X-CSRF-Token": facilitator.csrf})
    assert response.status_code == status
    assert response.get_json()["ok"] is False and response.get_json()["error"] == code
    assert response.get_json()["message"].endswith(".")


def test_pages_answer_errors_with_a_dutch_page(app):
    client = app.test_client()
    for path, status, text in (("/bestaat-niet", 404, "Deze pagina bestaat niet."), ("/" + "x" * 9000, 414,
                                                                                   "Dit adres is te lang.")):
        response = client.get(path)
        assert response.status_code == status and text in response.get_data(as_text=True)
    assert client.patch("/").status_code == 405
