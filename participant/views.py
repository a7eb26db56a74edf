"""Phone pages: the join form, the live page of a code, and the QR code of a join URL."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for

from sessions import live as live_rules
from sessions.errors import NotFound
from web.extensions import join_base_url, services
from web.network import qr_svg

from .ratelimit import RateLimiter, SharedRateLimiter, anonymous_key

bp = Blueprint("participant", __name__, template_folder="templates")



def init_app(app) -> None:
    """Give the app its own limiter of wrong codes."""
    # Wrong codes per client per minute, over HTTP and Socket.IO together: enough for typos, too
    # few to guess a 6-character code.
    cluster = app.extensions.get("leersessie.cluster")
    if cluster is not None and cluster.shared:  # several processes: one count for all of them
        app.extensions["leersessie.code_limiter"] = SharedRateLimiter(cluster.redis, cluster.key("codes:"), 20, 60)
    else:
        app.extensions["leersessie.code_limiter"] = RateLimiter(limit=20, window=60)


TOO_MANY = "Te veel verkeerde codes. Wacht een minuut en probeer het opnieuw."


def _client_key() -> str:
    # remote_addr is the forwarded address only behind --behind-proxy (ProxyFix); kept in memory, hashed.
    return anonymous_key(request.remote_addr or "")


@bp.get("/")
def home():
    """The site root shows the join form: phones land here from a typed address."""
    return render_template("participant/join.html", error=None, code="")


@bp.get("/j")
def join():
    """The join form; a submitted code redirects to its page."""
    code = live_rules.normalize_code(request.args.get("code", ""))
    if code:
        return redirect(url_for("participant.phone", code=code))
    return render_template("participant/join.html", error=None, code="")


@bp.get("/j/<code>")
def phone(code):
    """The live page of a running session; unknown or ended codes get a friendly 404."""
    try:
        found = live_rules.running_live(services().store, code)
    except NotFound as error:
        # Only wrong codes count, per client: a right code is never refused, so one person's
        # typos behind a shared address (a proxy: see --behind-proxy) cannot lock the room out.
        if not current_app.extensions["leersessie.code_limiter"].allow(_client_key()):
            return render_template("participant/not_found.html", code=code[:20], message=TOO_MANY), 429
        return render_template("participant/not_found.html", code=code[:20], message=error.message), 404
    if found.code != code:
        return redirect(url_for("participant.phone", code=found.code))
    response = Response(render_template("participant/phone.html", live=found))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/qr/<code>.svg")
def qr(code):
    """The QR code of the join URL of a running session."""
    try:
        found = live_rules.running_live(services().store, code)
    except NotFound:
        abort(404)
    response = Response(qr_svg(f"{join_base_url()}/j/{found.code}"), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response
