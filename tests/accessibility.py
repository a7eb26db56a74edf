"""axe-core in the browser tests: every page a person sees must have 0 WCAG 2.1 A/AA violations.

    from tests.accessibility import assert_accessible
    assert_accessible(page, "console, open question")

Uses the axe-core script shipped in the `axe-playwright-python` package (test extras), so
nothing is vendored in static/. The script is injected into a page at its first check (a
reload or navigation drops it, and the next check injects it again).
"""
from __future__ import annotations

import json

from axe_playwright_python.sync_playwright import Axe

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}

_axe = Axe()


def axe_violations(page, context: str | None = None) -> list[dict]:
    """The axe-core violations (tags wcag2a, wcag2aa, wcag21a, wcag21aa) of a Playwright page now."""
    if page.evaluate("typeof window.axe === 'undefined'"):
        page.evaluate(_axe.axe_script)
    # A fade-in caught half-way has a paler colour: finish running animations and transitions
    # (the Web Animations API works under the pages' strict CSP, a style tag would not).
    page.evaluate("document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} })")
    target = "document" if context is None else json.dumps(context)
    return page.evaluate(f"axe.run({target}, {json.dumps(OPTIONS)}).then(r => r.violations)")


def describe(violations: list[dict]) -> str:
    """A readable report: rule, impact, and each offending element with axe's message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:12]:
            messages = [item["message"] for item in node.get("any", []) + node.get("all", []) + node.get("none", [])]
            lines.append(f"    {', '.join(node['target'])}: {node['html'][:160]}")
            lines.extend(f"        {message}" for message in messages[:2])
    return "\n".join(lines)


def assert_accessible(page, name: str, context: str | None = None) -> None:
    """Fail with a readable report unless axe-core finds 0 violations on the page (`name` says which)."""
    violations = axe_violations(page, context)
    assert not violations, f"axe-core on {name}: {len(violations)} violation(s)\n{describe(violations)}"
