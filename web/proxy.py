"""Serving behind a reverse proxy (`--behind-proxy`): trust its forwarded headers, secure cookies on HTTPS.

Without the flag, X-Forwarded-* headers are ignored: anyone could send them. With it, the proxy
on the same machine is trusted for one hop of X-Forwarded-Proto, -Host and -For, so URLs, the
same-origin check and the login throttle see what the browser sent to the proxy.
"""
from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix


class _SecureOnHttps(SecureCookieSessionInterface):
    """The facilitator cookie gets `Secure` whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def init_app(app: Flask) -> None:
    """Mark cookies Secure on HTTPS; with BEHIND_PROXY, trust one proxy's forwarded headers."""
    app.session_interface = _SecureOnHttps()
    if app.config.get("BEHIND_PROXY"):
        # Wraps the Socket.IO middleware too (installed by socketio.init_app before this runs).
        # Flask documents replacing wsgi_app with middleware; its stubs declare a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
