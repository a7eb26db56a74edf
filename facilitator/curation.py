"""The opbrengst page, the write-up API it saves to while typing, and the downloads."""
from __future__ import annotations

from pathlib import Path

from flask import Response, abort, current_app, jsonify, render_template, request, url_for

from sessions import live as live_rules
from sessions.errors import BadPayload
from sessions.opbrengst import build_opbrengst, default_insights, default_statement, most_recognised
from sessions.payloads import check_limits
from sessions.store.records import Writeup
from sessions.text import TextProblem, clean_text
from sessions.themes.report import page_themes
from web.extensions import services
from web.guarded_json import loads_body

from .access import auth
from .export import render, word_template
from .views import bp, live_or_404

MAX_STATEMENT = 20_000
MAX_INSIGHTS = 50
MAX_QUOTES = 200
EXPORT_TYPES = {"pdf": "application/pdf",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "csv": "text/csv; charset=utf-8",
                "json": "application/json; charset=utf-8", "md": "text/markdown; charset=utf-8"}


@bp.get("/console/live/<code>/opbrengst")
@auth.login_required
def opbrengst_page(code):
    """The curation page of one live session."""
    found = live_or_404(code)
    return render_template("facilitator/opbrengst.html", live=found,
                           opbrengst=build_opbrengst(services().store, found),
                           recognised=most_recognised(services().store, found),
                           themes=page_themes(services().store, found),
                           writeup_url=url_for("facilitator.writeup", code=found.code),
                           statement_from_steps=services().store.writeup(found.id).statement is None
                           and any(step.type == "statement" for step in found.content.steps),
                           export_base=url_for("facilitator.opbrengst_page",
                                               code=found.code).rsplit("/", 1)[0] + "/export")


def _writeup_json(found) -> dict:
    writeup = services().store.writeup(found.id)
    return {"statement": writeup.statement if writeup.statement is not None else default_statement(found),
            "insights": writeup.insights if writeup.insights is not None else default_insights(found),
            "quotes": writeup.quotes or [], "updated_at": writeup.updated_at}


def _bad(message: str):
    return jsonify(ok=False, error="bad_payload", message=message), 400


@bp.route("/api/live/<code>/writeup", methods=["GET", "PUT"])
@auth.login_required
def writeup(code):
    """Read or save the facilitator's write-up (statement, insights, quote curation)."""
    found = live_or_404(code)
    if request.method == "GET":
        return jsonify(ok=True, **_writeup_json(found))
    payload = _json_body()
    if not isinstance(payload, dict) or not set(payload) <= {"statement", "insights", "quotes"}:
        return _bad("Verwacht een object met statement, insights en/of quotes.")
    try:
        check_limits(payload, max_values=5000, max_string=MAX_STATEMENT)
        payload = _cleaned(payload)
    except BadPayload as error:
        return _bad(error.message)
    except TextProblem as problem:
        return _bad(f"Een tekst {problem.reason}.")
    store = services().store
    current = store.writeup(found.id)
    statement, insights, quotes = current.statement, current.insights, current.quotes
    if "statement" in payload:
        statement = payload["statement"]
        if not isinstance(statement, str) or len(statement) > MAX_STATEMENT:
            return _bad(f"De tekst moet tekst zijn van hoogstens {MAX_STATEMENT} tekens.")
    if "insights" in payload:
        insights = _parse_insights(payload["insights"])
        if insights is None:
            return _bad("Inzichten: een lijst van {group, number, heading, body}.")
    if "quotes" in payload:
        parsed = _parse_quotes(payload["quotes"], found)
        if parsed is None:
            return _bad("Citaten: een lijst van {answer_id, text} of {answer_id, dropped: true}.")
        quotes, dropped = parsed
        for answer_id in dropped:
            live_rules.moderate(store, found, answer_id, "unstar")
    store.save_writeup(Writeup(found.id, statement, insights, quotes, live_rules.now_iso()))
    return jsonify(ok=True, **_writeup_json(found))


def _json_body():
    """The request's JSON, or None when it is not JSON (too deep to parse included)."""
    try:
        return loads_body(request.get_data(as_text=True))
    except ValueError:
        return None


def _cleaned(value):
    """Every text in a (checked, shallow) payload run through the text rules; keys stay."""
    if isinstance(value, str):
        return clean_text(value, strip=False)  # saved while typing: a trailing space is not done yet
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    return value


def _parse_insights(raw) -> list | None:
    if not isinstance(raw, list) or len(raw) > MAX_INSIGHTS:
        return None
    insights = []
    for item in raw:
        if not isinstance(item, dict) or not set(item) <= {"group", "number", "heading", "body"}:
            return None
        number = item.get("number")
        if number is not None and (isinstance(number, bool) or not isinstance(number, int) or not 0 < number < 1000):
            return None
        texts = [item.get(key, "") or "" for key in ("group", "heading", "body")]
        if any(not isinstance(text, str) or len(text) > 5000 for text in texts):
            return None
        insights.append({"group": texts[0] or "Inzichten", "number": number, "heading": texts[1], "body": texts[2]})
    return insights


def _parse_quotes(raw, found) -> tuple[list, list] | None:
    if not isinstance(raw, list) or len(raw) > MAX_QUOTES:
        return None
    kept, dropped = [], []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("answer_id"), str):
            return None
        answer = services().store.answer(item["answer_id"])
        if answer is None or answer.live_id != found.id:
            return None
        if item.get("dropped") is True:
            dropped.append(answer.id)
            continue
        text = item.get("text")
        if not isinstance(text, str) or len(text) > 1000:
            return None
        kept.append({"answer_id": answer.id, "text": text.strip()})
    return kept, dropped


def _download(opbrengsten: list, export_format: str, name: str) -> Response:
    # The organisation's Word template (uploaded under Instellingen) styles every .docx.
    template = word_template.stored(Path(current_app.config["DATA_DIR"])) if export_format == "docx" else None
    body = render(opbrengsten, export_format, template)
    response = Response(body, content_type=EXPORT_TYPES[export_format])  # mimetype= would add a second charset
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{export_format}"'
    return response


@bp.get("/console/live/<code>/export.<export_format>")
@auth.login_required
def export_one(code, export_format):
    """Download the opbrengst of one live session."""
    if export_format not in EXPORT_TYPES:
        abort(404)
    found = live_or_404(code)
    return _download([build_opbrengst(services().store, found)], export_format,
                     f"opbrengst-{found.session_id}-{found.code}")


@bp.get("/console/export")
@auth.login_required
def export_bundle():
    """Download several live sessions as one bundle."""
    export_format = request.args.get("format", "pdf")
    codes = request.args.getlist("codes")
    if export_format not in EXPORT_TYPES or not 1 <= len(codes) <= 50:
        abort(400, description="Kies een of meer leersessies en een formaat (pdf, docx, xlsx, csv, json, md).")
    lives = [live_or_404(code) for code in codes]
    return _download([build_opbrengst(services().store, found) for found in lives], export_format,
                     "opbrengst-bundel")
