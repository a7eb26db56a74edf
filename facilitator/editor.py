"""The session editor: library actions, the editor page, its save API, download, import, previews."""
from __future__ import annotations

import base64

from flask import Blueprint, Response, abort, g, jsonify, redirect, render_template, request, url_for

from sessions.errors import Conflict, DomainError, NotFound, SessionFileError
from sessions.files import editing as editing
from sessions.files.folder import MAX_FILE_BYTES, SessionFolder
from sessions.files.validation import validate
from web.extensions import join_base_url, services
from web.network import qr_svg, short_url

from .access import auth

bp = Blueprint("editor", __name__, template_folder="templates")
PREVIEW_CODE = "XXXXXX"  # six places, like a real code: plainly a placeholder, not a cut-off word


def folder() -> SessionFolder:
    """The sessions folder of this app."""
    return services().folder()


def _api_error(error: DomainError, status: int = 409, **extra):
    return jsonify(ok=False, error=error.code, message=error.message, **extra), status


@bp.post("/console/sessions/new")
@auth.login_required
def new_session():
    """Create an empty session (a title slide and a closing slide), and open it in the editor."""
    session_id = editing.create_session(folder(), request.form.get("title"))
    return redirect(url_for("editor.edit", session_id=session_id))


@bp.post("/console/sessions/<session_id>/duplicate")
@auth.login_required
def duplicate(session_id):
    """Copy a session file under a new id and open the copy in the editor."""
    return redirect(url_for("editor.edit", session_id=editing.duplicate_session(folder(), session_id)))


@bp.post("/console/sessions/<session_id>/delete")
@auth.login_required
def delete(session_id):
    """Delete a session file (confirmed in the browser); refused while it runs live."""
    editing.delete_session(folder(), services().store, session_id)
    return redirect(url_for("facilitator.library"))


@bp.get("/console/sessions/<session_id>/edit")
@auth.login_required
def edit(session_id):
    """The editor page; the document itself is fetched from the API."""
    current = folder().read(session_id)
    title = current.document.get("title")
    return render_template("facilitator/editor.html", session_id=session_id,
                           title=title if isinstance(title, str) else session_id,
                           shipped=folder().is_shipped(current.path), own_sessions_dir=folder().directory,
                           api_url=url_for("editor.document", session_id=session_id))


@bp.get("/console/sessions/<session_id>/download")
@auth.login_required
def download(session_id):
    """The session file as it is on disk."""
    current = folder().read(session_id)
    response = Response(current.text.encode("utf-8"), mimetype="application/x-yaml")
    response.headers["Content-Disposition"] = f'attachment; filename="{current.path.name}"'
    return response


@bp.post("/console/sessions/import")
@auth.login_required
def import_file():
    """Add an uploaded session file to the library; errors go back to the library page."""
    from .views import library_page

    if (request.content_length or 0) > MAX_FILE_BYTES + 10_000:
        return library_page(import_error=f"Dit bestand is te groot (meer dan {MAX_FILE_BYTES // 1000} kB)."), 413
    upload = request.files.get("file")
    if upload is None:
        return library_page(import_error="Kies eerst een bestand om te importeren."), 400
    try:
        session_id = editing.import_session(folder(), upload.read(MAX_FILE_BYTES + 1))
    except editing.InvalidSession as error:
        return library_page(import_error="Dit bestand is geen geldige leersessie:",
                            import_errors=[e.message + f" ({e.line})" for e in error.errors]), 400
    except DomainError as error:
        return library_page(import_error=error.message), 400
    return redirect(url_for("editor.edit", session_id=session_id))


def _document_json(session_id) -> dict:
    current = folder().read(session_id)
    try:
        document = current.document
    except SessionFileError as error:
        raise DomainError("Dit bestand is geen geldige YAML; herstel het in een teksteditor.",
                          code="not_a_session") from error
    return {"ok": True, "id": session_id, "version": current.version, "document": document,
            "errors": [e.as_dict() for e in validate(document)],
            "reserved_ids": sorted(editing.reserved_step_ids(services().store, session_id)),
            "file_name": current.path.name}


@bp.route("/api/sessions/<session_id>", methods=["GET", "PUT"])
@auth.login_required
def document(session_id):
    """Read the session as plain data, or save an edited one (a draft may have errors)."""
    if request.method == "GET":
        try:
            return jsonify(_document_json(session_id))
        except DomainError as error:
            return _api_error(error, 404 if error.code == "not_found" else 409)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not set(payload) <= {"version", "document", "force"}:
        return jsonify(ok=False, error="bad_payload", message="Verwacht {version, document}."), 400
    try:
        new_document = editing.check_document(payload.get("document"))
        if new_document.get("id") != session_id:
            return jsonify(ok=False, error="bad_payload", message="De id van een leersessie verandert niet."), 400
        locked = editing.locked_changes(services().store, session_id, new_document)
        if locked:
            return jsonify(ok=False, error="locked", message=locked[0].message,
                           errors=[e.as_dict() for e in locked]), 409
        base = None if payload.get("force") is True else payload.get("version")
        if base is not None and not isinstance(base, str):
            return jsonify(ok=False, error="bad_payload", message="Ongeldige versie."), 400
        version = folder().save_document(session_id, new_document, base)
    except Conflict as error:
        return _api_error(error, 409, disk_version=folder().read(session_id).version)
    except DomainError as error:
        return _api_error(error, 404 if error.code == "not_found" else 400)
    errors = validate(new_document)
    return jsonify(ok=True, version=version, valid=not errors, errors=[e.as_dict() for e in errors])


@bp.post("/api/sessions/<session_id>/save-as")
@auth.login_required
def save_as(session_id):
    """Save the editor's document as a new session (when changing answered questions)."""
    payload = request.get_json(silent=True)
    try:
        new_document = editing.check_document(payload.get("document") if isinstance(payload, dict) else None)
        new_id = editing.save_as_new(folder(), session_id, new_document)
    except DomainError as error:
        return _api_error(error, 400)
    return jsonify(ok=True, id=new_id, url=url_for("editor.edit", session_id=new_id))


@bp.get("/console/preview/<audience>")
@auth.login_required
def preview(audience):
    """The real presenter screen or phone page, filled by the editor (shown in its iframes)."""
    if audience not in ("screen", "phone"):
        abort(404)
    g.frameable = True  # the editor shows this page in an iframe of its own origin
    # This server's real join address; the code is a placeholder until Start live gives the real one.
    join = join_base_url()
    qr = "data:image/svg+xml;base64," + base64.b64encode(qr_svg(f"{join}/j")).decode()
    return render_template(f"facilitator/preview_{audience}.html", code=PREVIEW_CODE, qr_url=qr,
                           short_join_url=short_url(f"{join}/j"))


@bp.errorhandler(DomainError)
def refused(error: DomainError):
    """A refused file action on a page (unknown id, delete while live): its Dutch message."""
    status = 404 if isinstance(error, NotFound) else 409
    if request.path.startswith("/api/"):
        return _api_error(error, status)
    return render_template("error.html", code=status, message=error.message), status
