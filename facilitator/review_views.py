"""The opbrengst check: before a download, the curation page asks whether anything the export
carries has a personal detail: the facilitator's texts, the quotes, and every answer and question
to the speaker in it (an answer allowed in the console is in the PDF, CSV and Excel as well).

Adds its route to the facilitator blueprint (imported by the app factory for that alone).
"""
from __future__ import annotations

from sessions.opbrengst import build_opbrengst
from web.extensions import services
from web.live.screening import OFF, READY, screening

from .access import auth
from .views import bp, live_or_404

WRITEUP_TIMEOUT = 10.0


def _writeup_texts(opbrengst) -> list[tuple[str, str]]:
    """(where, text) for every text the facilitator wrote or curated."""
    texts = [("Tekst van de opbrengst", opbrengst.statement)]
    for group in opbrengst.insight_groups:
        for number, insight in enumerate(group.insights, 1):
            texts.append((f"Inzicht {insight.number or number}: {insight.heading}".strip(),
                          f"{insight.heading}\n{insight.body}"))
    texts += [(f"Citaat {n}", quote.text) for n, quote in enumerate(opbrengst.quotes, 1)]
    return [(where, text) for where, text in texts if text and text.strip()]


def _export_texts(opbrengst) -> list[tuple[str, str]]:
    """(where, text) for the answers and questions to the speaker the exports carry; one `where` per question."""
    texts = []
    for number, question in enumerate(opbrengst.questions, 1):
        rows = dict.fromkeys(question.answer_rows or question.answers)  # each text once, in order
        texts += [(f"Antwoorden op vraag {number} ({_short(question.prompt)})", text) for text in rows]
    texts += [("Vragen aan de spreker", asked.text) for asked in opbrengst.speaker_questions]
    return [(where, text) for where, text in texts if text and text.strip()]


def _short(text: str, length: int = 50) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _checked(opbrengst, answers: int) -> str:
    """What the check read, in a sentence, so the facilitator knows what it did not."""
    insights = sum(len(group.insights) for group in opbrengst.insight_groups)
    parts = ["de tekst van de opbrengst", f"{insights} {'inzicht' if insights == 1 else 'inzichten'}",
             f"{len(opbrengst.quotes)} {'citaat' if len(opbrengst.quotes) == 1 else 'citaten'}",
             f"{answers} {'antwoord' if answers == 1 else 'antwoorden'}"]
    asked = len(opbrengst.speaker_questions)
    if asked:
        parts.append(f"{asked} {'vraag' if asked == 1 else 'vragen'} aan de spreker")
    return "Gecontroleerd: " + ", ".join(parts[:-1]) + " en " + parts[-1] + "."


@bp.get("/api/live/<code>/writeup/screening")
@auth.login_required
def writeup_screening(code: str):
    """{ok, status, findings: [{where, kinds, count}], checked}: personal details in anything the
    export carries (a warning, no block); `checked` says in Dutch what was read."""
    found = live_or_404(code)  # 404, or 403 for another facilitator's run
    service = screening()
    if service.status != READY:
        return {"ok": True, "status": service.status if service.status == OFF else "starting", "findings": []}
    opbrengst = build_opbrengst(services().store, found)
    answers = _export_texts(opbrengst)
    findings: dict[str, dict] = {}
    for where, text in _writeup_texts(opbrengst) + answers:
        result = service.screen(text, timeout=WRITEUP_TIMEOUT)
        if result is None:
            return {"ok": True, "status": "starting", "findings": []}
        if result.held:
            finding = findings.setdefault(where, {"where": where, "kinds": [], "count": 0})
            finding["kinds"] += [kind for kind in result.kinds if kind not in finding["kinds"]]
            finding["count"] += 1
    asked = len(opbrengst.speaker_questions)
    return {"ok": True, "status": READY, "findings": list(findings.values()),
            "checked": _checked(opbrengst, len(answers) - asked)}
