"""A finding (start, end, kind) and merging overlapping findings; shared by every rule module."""
from __future__ import annotations

from dataclasses import dataclass

KINDS = ("naam", "bsn", "telefoon", "email", "adres", "geboortedatum", "instelling", "kenteken")


@dataclass(frozen=True)
class Finding:
    """A detected personal detail: text[start:end] is of `kind`."""

    start: int
    end: int
    kind: str


def merge(findings: list[Finding]) -> tuple[Finding, ...]:
    """Sorted findings without overlaps: overlapping ones join, keeping the kind of the longest."""
    merged: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if merged and finding.start < merged[-1].end:
            last = merged[-1]
            if finding.end > last.end:
                longest = last.kind if last.end - last.start >= finding.end - finding.start else finding.kind
                merged[-1] = Finding(last.start, finding.end, longest)
            continue
        merged.append(finding)
    return tuple(merged)
