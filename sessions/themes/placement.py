"""Merge a fresh suggestion into what the facilitator already decided, without reshuffling it.

Pinned answers (the facilitator put them somewhere, or dropped their theme) never move; kept
themes keep their label. A fresh group that holds pinned members of a kept theme lends its
undecided answers to that theme; any other fresh group becomes a suggested theme, reusing the id
of the old suggestion it overlaps most, so a theme does not jump around the board as answers come in.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Plan:
    """What to write: suggested themes (key, reused id or None, label, typical answer id), where
    each undecided answer goes (a key or a kept theme id), and the old suggestions that go."""

    themes: list[tuple[str, int | None, str, str | None]] = field(default_factory=list)
    placed: dict[str, str | int] = field(default_factory=dict)
    dropped: list[int] = field(default_factory=list)


def plan(answer_ids: list[str], groups: list[dict[str, Any]], memberships: dict[str, Any], themes: list[Any]) -> Plan:
    """The plan for one engine run over `answer_ids` (groups hold indexes into that list)."""
    kept = {theme.id for theme in themes if theme.status == "kept"}
    old: dict[int, set[str]] = {theme.id: set() for theme in themes if theme.status == "suggested"}
    for answer_id, where in memberships.items():
        if where.theme_id in old and not where.pinned:
            old[where.theme_id].add(answer_id)
    result, free = Plan(), set(old)
    for number, group in enumerate(groups):
        members = [answer_ids[i] for i in group["members"]]
        undecided = [a for a in members if a not in memberships or not memberships[a].pinned]
        if not undecided:
            continue
        anchors = Counter(memberships[a].theme_id for a in members
                          if a in memberships and memberships[a].pinned and memberships[a].theme_id in kept)
        if anchors:
            target = anchors.most_common(1)[0][0]
            result.placed.update((a, target) for a in undecided)
            continue
        overlap = {tid: len(old[tid] & set(undecided)) for tid in free}
        reuse = max(overlap, key=lambda tid: (overlap[tid], -tid), default=None)
        if reuse is not None and overlap[reuse] == 0:
            reuse = None
        free.discard(reuse)
        key = f"g{number}"
        typical = answer_ids[group["typical"]]
        result.themes.append((key, reuse, group["label"], typical if typical in undecided else undecided[0]))
        result.placed.update((a, key) for a in undecided)
    result.dropped = sorted(free)
    return result
