"""Facilitator access: one password, a session cookie, CSRF tokens and slowed-down guessing."""
from __future__ import annotations

import functools
import hmac
import os
import secrets
import threading

from flask import Flask, abort, current_app, jsonify, redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from web.extensions import socketio

from .passwords import readable_password

MAX_DELAY_SECONDS = 8.0


def init_app(app: Flask) -> None:
    """Set up the password hash, the CSRF check and the `csrf_token` template global."""
    password = app.config.get("PASSWORD") or os.environ.get("LEERSESSIE_PASSWORD")
    store = app.extensions["leersessie"].store
    if password:
        app.config["PASSWORD_HASH"] = generate_password_hash(password)
    else:
        stored = store.get_setting("password_hash")
        if stored is None:
            # Generated once, shown once on the terminal (see `announce`), stored only hashed.
            generated = readable_password()
            stored = generate_password_hash(generated)
            store.set_setting("password_hash", stored)
            app.config["GENERATED_PASSWORD"] = generated
        app.config["PASSWORD_HASH"] = stored
    app.extensions["leersessie.login_failures"] = {"count": 0}
    app.extensions["leersessie.login_queue"] = threading.Lock()  # a green lock under eventlet/gevent
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.before_request(_check_csrf)


def csrf_token() -> str:
    """The CSRF token of this browser session, made on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def _check_csrf():
    if request.method not in ("POST", "PUT", "DELETE"):
        return None
    if request.path.startswith("/socket.io"):
        return None  # Socket.IO polling; the socket handlers authorise themselves
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        abort(400, description="Ongeldig formulier (CSRF). Laad de pagina opnieuw.")
    return None


def is_facilitator() -> bool:
    """True when this browser session is logged in as facilitator."""
    return session.get("facilitator") is True


def try_login(password: str) -> bool:
    """Check a password; each failure doubles the wait before the next answer."""
    failures = current_app.extensions["leersessie.login_failures"]
    ok = isinstance(password, str) and check_password_hash(current_app.config["PASSWORD_HASH"], password)
    if ok:
        failures["count"] = 0
        session.clear()
        session["facilitator"] = True
        session.permanent = False
        csrf_token()
        return True
    # Failures wait in line: guessing in parallel is no faster than guessing one at a time.
    with current_app.extensions["leersessie.login_queue"]:
        failures["count"] += 1
        delay = min(MAX_DELAY_SECONDS, 0.25 * 2 ** (failures["count"] - 1))
        socketio.sleep(delay)  # green-thread friendly: other clients keep being served
    return False


def logout() -> None:
    """End the facilitator session."""
    session.clear()


def login_required(view):
    """Pages redirect to the login form; API routes answer 401."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if is_facilitator():
            return view(*args, **kwargs)
        if request.path.startswith("/api/"):
            return jsonify(ok=False, error="unauthorized", message="Log eerst in."), 401
        return redirect(url_for("facilitator.login", next=request.full_path.rstrip("?")))
    return wrapped
