"""The console's settings page: the organisation's Word template (house style) for the .docx opbrengst."""
from __future__ import annotations

from pathlib import Path

from flask import Response, abort, current_app, redirect, render_template, request, url_for

from .access import accounts, auth
from .export import word_template
from .views import bp

# The form's own fields and multipart framing come on top of the file itself.
UPLOAD_LIMIT = word_template.MAX_BYTES + 64 * 1024
TEMPLATE_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.template"


def _data_dir() -> Path:
    return Path(current_app.config["DATA_DIR"])


def may_change() -> bool:
    """The template is the whole server's house style: with facilitator accounts only an admin changes it."""
    if not accounts.accounts_mode():
        return True
    account = accounts.current_account()
    return account is not None and account.is_admin


def _require_change() -> None:
    if not may_change():
        abort(403, description="Alleen een beheerder kan het Word-sjabloon wijzigen.")


def settings_page(error: str | None = None, saved: str | None = None, status: int = 200):
    """The settings page, with an upload error or a confirmation when there is one."""
    info = word_template.stored_info(_data_dir())
    page = render_template("facilitator/settings.html", template_info=info, error=error, saved=saved,
                           active_nav="settings", may_change=may_change(),
                           max_mb=word_template.MAX_BYTES // (1024 * 1024))
    return page, status


@bp.get("/console/settings")
@auth.login_required
def settings():
    """Instellingen: which Word template the Word downloads use."""
    notice = {"opgeslagen": "Het sjabloon is opgeslagen. Word-downloads gebruiken nu deze huisstijl.",
              "verwijderd": "Het sjabloon is verwijderd. Word-downloads gebruiken weer de standaardopmaak."}
    return settings_page(saved=notice.get(request.args.get("klaar", "")))


@bp.get("/console/settings/word-template/voorbeeld.dotx")
@auth.login_required
def sample_word_template():
    """A .dotx with every style the export uses, to make a house style from."""
    response = Response(word_template.sample(), content_type=TEMPLATE_MIME)
    response.headers["Content-Disposition"] = 'attachment; filename="leersessie-huisstijl.dotx"'
    return response


@bp.post("/console/settings/word-template")
@auth.login_required
@auth.allow_body(UPLOAD_LIMIT)
def upload_word_template():
    """Check and keep an uploaded .docx/.dotx; a Dutch error and no change otherwise."""
    _require_change()
    upload = request.files.get("template")
    if upload is None or not upload.filename:
        return settings_page(error="Kies eerst een Word-bestand (.docx of .dotx).", status=400)
    data = upload.read(word_template.MAX_BYTES + 1)
    try:
        word_template.store(_data_dir(), data, upload.filename)
    except word_template.TemplateProblem as problem:
        return settings_page(error=problem.message, status=400)
    return redirect(url_for("facilitator.settings", klaar="opgeslagen"))


@bp.post("/console/settings/word-template/delete")
@auth.login_required
def delete_word_template():
    """Back to the default look."""
    _require_change()
    word_template.remove(_data_dir())
    return redirect(url_for("facilitator.settings", klaar="verwijderd"))
