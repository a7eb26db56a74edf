"""Facilitator access: a password, server-side login records, CSRF tokens and throttled guessing.

The signed session cookie carries only a random login id (and the CSRF token); the login
itself is a row in the store (`sessions/store/logins.py`), checked on every request and every
console socket event. Logout, a new password and a new secret key delete rows, so a copied
cookie stops working. Accounts can hang off the login record (its `account` column).
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from flask import Flask, abort, current_app, g, jsonify, redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from web.network import anonymous_key

from .login_gate import LoginGate
from .login_throttle import LoginThrottle
from .passwords import readable_password

LOGIN_MAX_AGE_SECONDS = 24 * 3600  # a long day of sessions; then log in again
SECRET_FILE = "secret_key"


class LoginThrottled(Exception):
    """Too many attempts: the caller answers 429 with `retry_after` seconds."""

    def __init__(self, retry_after: float):
        super().__init__(retry_after)
        self.retry_after = max(1, round(retry_after + 0.49))


def init_app(app: Flask) -> None:
    """Set up the secret key, the password hash, the login throttle and the CSRF check."""
    store = app.extensions["leersessie"].store
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"], created = load_secret_key(Path(app.config["DATA_DIR"]))
        if created:
            store.revoke_all_logins()  # cookies signed with an old secret: their logins end too
    app.config["PASSWORD_HASH"] = _password_hash(app, store)
    _revoke_logins_of_an_old_password(store, app.config["PASSWORD_HASH"])
    throttle = LoginThrottle(shared=app.extensions.get("leersessie.cluster"))
    app.extensions["leersessie.login_throttle"] = throttle
    # Wrapped before web/proxy.py's ProxyFix (which then runs first, so the gate sees the forwarded
    # address) and before web/responses.py's headers (so the gate's 429 carries them too).
    app.wsgi_app = LoginGate(app.wsgi_app, throttle)  # type: ignore[method-assign]
    # How blocking work (the password hash) runs: run.py installs a real thread pool for
    # eventlet and gevent; plain threads (tests) just call it.
    app.extensions.setdefault("leersessie.run_blocking", lambda function, *args: function(*args))
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.before_request(_check_csrf)


def load_secret_key(data_dir: Path) -> tuple[str, bool]:
    """The cookie-signing key from its own 0600 file in the data dir, made on first use; (key, created)."""
    path = data_dir / SECRET_FILE
    try:
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            os.chmod(path, 0o600)
            return key, False
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key + "\n")
    return key, True


def _password_hash(app: Flask, store) -> str:
    password = app.config.get("PASSWORD") or os.environ.get("LEERSESSIE_PASSWORD")
    if password:
        # Kept hashed so a restart with the same password keeps the logins, a new one ends them.
        known = store.get_setting("env_password_hash")
        if known and check_password_hash(known, password):
            return known
        store.set_setting("env_password_hash", generate_password_hash(password))
        return store.get_setting("env_password_hash")
    stored = store.get_setting("password_hash")
    if stored is None:
        # Generated once, shown once on the terminal (see `announce`), stored only hashed.
        generated = readable_password()
        stored = generate_password_hash(generated)
        store.set_setting("password_hash", stored)
        app.config["GENERATED_PASSWORD"] = generated
    return stored


def _revoke_logins_of_an_old_password(store, password_hash: str) -> None:
    fingerprint = hashlib.sha256(password_hash.encode()).hexdigest()
    if store.get_setting("logins_password") != fingerprint:
        store.revoke_all_logins()
        store.set_setting("logins_password", fingerprint)


def csrf_token() -> str:
    """The CSRF token of this browser session, made on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def allow_body(limit: int):
    """Let one upload route take a body up to `limit` bytes instead of MAX_CONTENT_LENGTH."""
    def mark(view):
        view.max_body = limit
        return view
    return mark


def _check_csrf():
    if request.method not in ("POST", "PUT", "DELETE"):
        return None
    if request.path.startswith("/socket.io"):
        return None  # Socket.IO polling; the socket handlers authorise themselves
    limit = getattr(current_app.view_functions.get(request.endpoint), "max_body", None)
    if limit:  # set before the form is read below, which is when the limit applies
        request.max_content_length = limit
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        abort(400, description="Ongeldig formulier (CSRF). Laad de pagina opnieuw.")
    return None


def current_login() -> dict | None:
    """The login record of this browser session (request or console socket), or None."""
    login_id = session.get("login")
    if not isinstance(login_id, str):
        return None
    if "leersessie_login" not in g:
        g.leersessie_login = current_app.extensions["leersessie"].store.login(login_id, LOGIN_MAX_AGE_SECONDS)
    return g.leersessie_login


def is_facilitator() -> bool:
    """True when this browser session holds a login that was not ended (with accounts: of an existing account)."""
    login = current_login()
    if login is None:
        return False
    store = current_app.extensions["leersessie"].store
    if not store.has_accounts():
        return True
    # With accounts, a login of the shared password (or of a removed account) opens nothing.
    return login["account"] is not None and store.account_by_name(login["account"]) is not None


def login_account_name() -> str | None:
    """The account name of this browser session's login, or None (single-password login, or none)."""
    login = current_login()
    return login["account"] if login else None


def login_source() -> str:
    """The throttle's key for this client: a salted hash of its address (forwarded only behind --behind-proxy)."""
    return anonymous_key(request.remote_addr or "")


def try_login(password: str, name: str | None = None) -> bool:
    """Check a password off the event loop; LoginThrottled when this attempt may not be checked now.

    Without accounts: the facilitator password. With accounts: the named account's password;
    an unknown name costs the same hash, so the answer time does not tell which names exist.
    """
    store = current_app.extensions["leersessie"].store
    account, expected, account_key = None, current_app.config["PASSWORD_HASH"], ""
    if store.has_accounts():
        name = " ".join(name.split()) if isinstance(name, str) else ""
        account = store.account_by_name(name) if 0 < len(name) <= 40 else None
        expected = account.password_hash if account else _unknown_account_hash()
        account_key = f"account:{account.id}" if account else "account:unknown"  # bounded: one budget per account
    throttle = current_app.extensions["leersessie.login_throttle"]
    source = login_source()
    wait = throttle.admit(source, account_key)
    if wait:
        raise LoginThrottled(wait)
    ok = False
    try:
        run_blocking = current_app.extensions["leersessie.run_blocking"]
        ok = isinstance(password, str) and run_blocking(check_password_hash, expected, password)
        ok = ok and (account is not None or not account_key)
    finally:
        throttle.done(source, ok)
    if ok:
        login_id = secrets.token_urlsafe(32)
        store.add_login(login_id, account.name if account else None)
        session.clear()
        session["login"] = login_id
        session.permanent = False
        csrf_token()
    return ok


def _unknown_account_hash() -> str:
    extensions = current_app.extensions
    if "leersessie.unknown_account_hash" not in extensions:
        extensions["leersessie.unknown_account_hash"] = generate_password_hash(secrets.token_urlsafe(16))
    return extensions["leersessie.unknown_account_hash"]


def logout() -> str | None:
    """End this browser session's login for good; return its login id (to close its sockets)."""
    login_id = session.get("login")
    if isinstance(login_id, str):
        current_app.extensions["leersessie"].store.revoke_login(login_id)
    session.clear()
    g.pop("leersessie_login", None)
    return login_id if isinstance(login_id, str) else None


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
