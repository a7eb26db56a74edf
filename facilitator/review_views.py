"""The opbrengst check: the curation page asks, before a download, whether the facilitator's text has a personal detail.

Adds its route to the facilitator blueprint (imported by the app factory for that alone).
"""
from __future__ import annotations

from sessions.opbrengst import build_opbrengst
from web.extensions import services
from web.screening import OFF, READY, screening

from . import auth
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


@bp.get("/api/live/<code>/writeup/screening")
@auth.login_required
def writeup_screening(code: str):
    """{ok, status, findings: [{where, kinds}]}: personal details in the opbrengst text (a warning, no block)."""
    found = live_or_404(code)  # 404, or 403 for another facilitator's run
    service = screening()
    if service.status != READY:
        return {"ok": True, "status": service.status if service.status == OFF else "starting", "findings": []}
    findings = []
    for where, text in _writeup_texts(build_opbrengst(services().store, found)):
        result = service.screen(text, timeout=WRITEUP_TIMEOUT)
        if result is None:
            return {"ok": True, "status": "starting", "findings": []}
        if result.held:
            findings.append({"where": where, "kinds": list(result.kinds)})
    return {"ok": True, "status": READY, "findings": findings}
