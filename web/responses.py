"""What every HTTP response carries: Dutch errors with stable codes, and the security headers.

Pages get a plain Dutch error page; `/api/` routes get `{ok: false, error, message}` with one of
the codes in ERROR_CODES (listed in docs/protocol.md). The Socket.IO transport answers outside
Flask, so its responses get the same headers from a small WSGI wrapper.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, Response, abort, g, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "too_large", 414: "uri_too_long", 429: "rate_limited",
               500: "server_error"}
DUTCH = {400: "Dit verzoek klopt niet.", 401: "Log eerst in.", 403: "Dit mag je niet.",
         404: "Deze pagina bestaat niet.", 405: "Dit kan zo niet.", 413: "Dit is te groot.",
         414: "Dit adres is te lang.", 429: "Te veel verzoeken. Wacht even en probeer het opnieuw.",
         500: "Er ging iets mis op de server."}
# The server reads request lines up to a larger size (see run.py): longer ones get our 414.
MAX_URL_CHARS = 8192


def dutch_message(error: HTTPException) -> str:
    """The Dutch text of an HTTP error: its own description, else the text for its status."""
    if error.description and error.description != type(error).description:
        return error.description
    return DUTCH.get(error.code or 0, "Er ging iets mis.")


def content_security_policy(host: str, frameable: bool = False) -> str:
    """Only this origin, for pages, scripts and the Socket.IO connection alike.

    `frameable`: the editor's previews, which only the own origin may show in a frame.
    """
    # 'self' covers ws:/wss: to the own host in current browsers; older ones need it spelled out.
    sockets = f"ws://{host} wss://{host}" if host and all(c not in host for c in " ;,'\"") else ""
    return ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            f"connect-src 'self' {sockets}".rstrip() + "; font-src 'self'; "
            + ("frame-ancestors 'self'; " if frameable else "frame-ancestors 'none'; ") +
            "base-uri 'none'; form-action 'self'")


def security_headers(headers: Any, host: str, frameable: bool = False) -> None:
    """Set the headers every response carries (a werkzeug Headers or a list of pairs)."""
    for name, value in (("Content-Security-Policy", content_security_policy(host, frameable)),
                        ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer")):
        if isinstance(headers, list):
            headers[:] = [pair for pair in headers if pair[0].lower() != name.lower()] + [(name, value)]
        else:
            headers[name] = value


class TransportHeaders:
    """WSGI wrapper: the Socket.IO transport's responses get the same security headers."""

    def __init__(self, wsgi_app: Any) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: Any, start_response: Any) -> Any:
        def with_headers(status: Any, headers: Any, exc_info: Any = None) -> Any:
            headers = list(headers)
            # Flask's own responses carry their policy already (the editor's previews a framable one).
            policy = [pair for pair in headers if pair[0].lower() == "content-security-policy"]
            security_headers(headers, environ.get("HTTP_HOST", ""))
            if policy:
                headers = [pair for pair in headers if pair[0].lower() != "content-security-policy"] + policy
            return start_response(status, headers, exc_info)
        return self.wsgi_app(environ, with_headers)


def init_app(app: Flask) -> None:
    """Register the error pages, the URL length check and the headers."""
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if request.path.startswith("/api/"):
            return {"ok": False, "error": ERROR_CODES.get(code, "bad_request"), "message": dutch_message(error)}, code
        return render_template("error.html", code=code, message=dutch_message(error)), code

    @app.before_request
    def refuse_long_urls() -> None:
        if len(request.environ.get("PATH_INFO", "")) + len(request.environ.get("QUERY_STRING", "")) > MAX_URL_CHARS:
            abort(414)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        security_headers(response.headers, request.host, g.get("frameable", False))
        return response

    app.wsgi_app = TransportHeaders(app.wsgi_app)  # type: ignore[method-assign]  # Flask's documented way
