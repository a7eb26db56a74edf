"""Refuse a throttled login before Flask does any work for it: no session, no CSRF, no template.

A flood of wrong passwords is almost all refusals (429). Answered by the Flask view, each one
still cost a session cookie, a CSRF check and a rendered page, and 3,200 of them in 12 s took
the server's one core from the phones. This WSGI gate asks the throttle first (a dict look-up)
and answers a refused attempt with a small fixed page; only attempts the throttle would admit
reach the view, which then admits them for real (`LoginThrottle.admit`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from web.network import anonymous_key

from .login_throttle import LoginThrottle

# Plain HTML, no inline style (the CSP forbids it) and no template: readable as it is.
_PAGE = ("<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>Even wachten · Leersessie</title></head><body><main><h1>Even wachten</h1>"
         "<p>Te veel pogingen. Wacht {seconds} en <a href=\"/login\">probeer het opnieuw</a>.</p></main></body></html>")


class LoginGate:
    """WSGI middleware in front of the app: a login POST the throttle would refuse never reaches Flask."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], throttle: LoginThrottle):
        self.wsgi_app = wsgi_app
        self.throttle = throttle

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == "/login":
            # REMOTE_ADDR is the forwarded address behind --behind-proxy: ProxyFix wraps this gate.
            wait = self.throttle.refusal(anonymous_key(environ.get("REMOTE_ADDR") or ""))
            if wait > 0:
                return self._refuse(wait, start_response)
        return self.wsgi_app(environ, start_response)

    @staticmethod
    def _refuse(wait: float, start_response: Callable[..., Any]) -> list[bytes]:
        retry_after = max(1, round(wait + 0.49))
        seconds = "1 seconde" if retry_after == 1 else f"{retry_after} seconden"
        body = _PAGE.format(seconds=seconds).encode("utf-8")
        start_response("429 Too Many Requests", [
            ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
            ("Retry-After", str(retry_after)), ("Cache-Control", "no-store")])
        return [body]
