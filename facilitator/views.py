"""Facilitator pages: login, library, live console, presenter screen, opbrengst and downloads."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from sessions import live as live_rules
from sessions.errors import DomainError
from sessions.files.editing import is_draft, library_entries
from web.extensions import join_base_url, services
from web.live.broadcast import announce_end
from web.network import LOOPBACK_WARNING, phones_can_reach, qr_terminal, short_url

from . import events as facilitator_events
from .access import accounts, auth

bp = Blueprint("facilitator", __name__, template_folder="templates")


def _safe_next(target) -> str:
    """`target` when it is a path of this app, else the library: an open redirect would send a
    freshly logged-in facilitator elsewhere. Browsers drop tabs and newlines from URLs
    ('/\t/evil.example' becomes '//evil.example'), so any control character or space refuses."""
    fallback = url_for("facilitator.library")
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(not 0x20 < ord(char) < 0x7f for char in target) or len(target) > 2000:
        return fallback
    try:
        current_app.url_map.bind("localhost").match(urlsplit(target).path, method="GET")
    except HTTPException:  # no such page, or only a redirect to one
        return fallback
    return target


@bp.context_processor
def account_context() -> dict:
    """Whether the login form asks a name, and the account name in the header."""
    account = accounts.current_account() if auth.is_facilitator() else None
    return {"accounts_mode": accounts.accounts_mode(), "signed_in_as": account.name if account else None}


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The login form; wrong passwords slow down the next attempt, floods get 429 at once."""
    next_url = _safe_next(request.values.get("next"))
    if request.method == "POST":
        try:
            if auth.try_login(request.form.get("password", ""), request.form.get("name")):
                return redirect(next_url)
        except auth.LoginThrottled as throttled:
            seconds = "1 seconde" if throttled.retry_after == 1 else f"{throttled.retry_after} seconden"
            message = f"Te veel pogingen. Wacht {seconds} en probeer het opnieuw."
            page = render_template("facilitator/login.html", error=message, next_url=next_url)
            return page, 429, {"Retry-After": str(throttled.retry_after)}
        error = "Onjuiste naam of wachtwoord." if accounts.accounts_mode() else "Onjuist wachtwoord."
        return render_template("facilitator/login.html", error=error, next_url=next_url), 401
    return render_template("facilitator/login.html", error=None, next_url=next_url)


@bp.post("/logout")
def logout():
    """Log out for good: the login ends on the server and its console sockets close."""
    login_id = auth.logout()
    if login_id:
        facilitator_events.disconnect_login(login_id)
    return redirect(url_for("facilitator.login"))


@bp.get("/console")
@auth.login_required
def library():
    """The session library and the list of live sessions."""
    return library_page()


def library_page(**extra):
    """The library page: every session file (valid or a draft, with its live runs) and the live sessions."""
    svc = services()
    entries, unreadable = library_entries(svc.folder(), svc.store)
    counts = svc.store.answer_counts()
    lives = [{"live": live, "answers": counts.get(live.id, 0)} for live in accounts.visible(svc.store.list_lives())]
    return render_template("facilitator/library.html", entries=entries, lives=lives,
                           library_errors=unreadable, own_sessions_dir=svc.folder().directory, **extra)


@bp.post("/console/start")
@auth.login_required
def start():
    """Start a live session of a library session."""
    session_id = request.form.get("session_id", "")
    session_content = services().library().get(session_id)
    if session_content is None:
        if is_draft(services().folder(), session_id):
            abort(409, description="Deze leersessie bevat nog fouten. Herstel ze in de editor; daarna kan hij live.")
        abort(404, description="Deze leersessie staat niet (meer) in de bibliotheek.")
    started = live_rules.start_live(services().store, session_content)
    accounts.claim(started)  # with accounts, the run belongs to who started it
    if not current_app.testing:
        # The terminal is the facilitator's too: show the code and QR there as a fallback.
        join_url = join_urls(started.code)["join_url"]
        print(f"Live: {started.content.title} — code {started.code} — {join_url}\n{qr_terminal(join_url)}", flush=True)
    return redirect(url_for("facilitator.console", code=started.code))


def live_or_404(code: str):
    """The live session (running or ended) with this code, or a 404; a 403 when it is another facilitator's."""
    found = services().store.live_by_code(live_rules.normalize_code(code))
    if found is None:
        abort(404, description="Deze leersessie bestaat niet (meer).")
    accounts.require_access(found)  # every facilitator route with a code passes here
    return found


def join_urls(code: str) -> dict:
    """The join URL, its short form and the QR URL; a warning when phones cannot reach it."""
    base = join_base_url()
    # Only a server that chose its own address (no --public-url, no proxy) can be loopback-only by mistake.
    chosen_by_proxy = services().public_url or current_app.config.get("BEHIND_PROXY")
    warning = None if chosen_by_proxy or phones_can_reach(base) else LOOPBACK_WARNING.format(host=f"{base}/")
    return {"join_url": f"{base}/j/{code}", "short_join_url": short_url(f"{base}/j"),
            "qr_url": url_for("participant.qr", code=code), "join_warning": warning}


@bp.get("/console/live/<code>")
@auth.login_required
def console(code):
    """The live console; an ended session goes to its opbrengst page."""
    found = live_or_404(code)
    if not found.is_live:
        return redirect(url_for("facilitator.opbrengst_page", code=found.code))
    screen_url = url_for("facilitator.screen", token=found.screen_token, _external=False)
    return render_template("facilitator/console.html", live=found, screen_url=screen_url, **join_urls(found.code))


@bp.post("/console/live/<code>/end")
@auth.login_required
def end(code):
    """End a live session."""
    found = live_or_404(code)
    live_rules.end_live(services().store, found)
    announce_end(found)
    return redirect(url_for("facilitator.opbrengst_page", code=found.code))


@bp.post("/console/live/<code>/delete")
@auth.login_required
def delete(code):
    """Delete a live session and all its answers, after the code was typed as confirmation."""
    found = live_or_404(code)
    if live_rules.normalize_code(request.form.get("confirm", "")) != found.code:
        abort(400, description="Typ de code van de leersessie om het verwijderen te bevestigen.")
    if found.is_live:
        live_rules.end_live(services().store, found)
        announce_end(found)
    services().store.delete_live(found.id)
    return redirect(url_for("facilitator.library"))


@bp.get("/screen/<token>")
def screen(token):
    """The presenter screen, authorised by the token in its URL (not the password)."""
    found = services().store.live_by_screen_token(token) if len(token) < 100 else None
    if found is None:
        abort(404, description="Dit scherm bestaat niet.")
    if not found.is_live:
        # After the end the token serves the closing slide only: no answers, no connection.
        return render_template("facilitator/screen.html", live=found, token="", join_url="", short_join_url="",
                               qr_url="", join_warning=None), 410
    return render_template("facilitator/screen.html", live=found, token=token, **join_urls(found.code))


@bp.app_errorhandler(DomainError)
def domain_error(error: DomainError):
    """A refused domain action on a page: show its Dutch message."""
    return render_template("error.html", code=409, message=error.message), 409
