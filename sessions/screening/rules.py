"""Our own screening rules: what deduce misses in short answers, and what it flags but is no identifier here.

Pure functions on text; no deduce import, so the server can use them without loading 1 GB.
The number rules live in `numbers.py`, the name rules in `names.py`; this module adds e-mail
and named schools, and says what is no personal detail (sector and national organisations,
"Top 3").
"""
from __future__ import annotations

import re
from typing import Any

# KINDS, Finding, merge and the number checks are re-exported (`as`: for mypy too).
from sessions.screening.findings import KINDS as KINDS
from sessions.screening.findings import Finding as Finding
from sessions.screening.findings import merge as merge
from sessions.screening.names import name_findings
from sessions.screening.numbers import elfproef as elfproef
from sessions.screening.numbers import is_address as is_address
from sessions.screening.numbers import is_birth_date as is_birth_date
from sessions.screening.numbers import is_public_phone as is_public_phone
from sessions.screening.numbers import number_findings

# Bounded, and starting where the address starts: linear time even on a 10,000-character answer.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,6}\.[A-Za-z]{2,24}")
# An address at a well-known provider, even without its ending: "jan.smit at gmail", "noor@hotmail".
_EMAIL_AT_PROVIDER = re.compile(r"(?i)(?<![\w.+-])[\w.+-]{1,64}\s{0,3}(?:@|\(at\)|\[at\]|\sat\s|\sapenstaartje\s)\s*"
                                r"(?:gmail|hotmail|outlook|live|ziggo|kpnmail|kpnplanet|planet|icloud|yahoo|proton|protonmail|xs4all|upcmail)\b")
_SCHOOL = re.compile(
    r"(?i:\b(?:\w*school|obs|cbs|pcbs|rkbs|sbo|vso|kinderdagverblijf|kdv|bso|peuterspeelzaal"
    r"|opvang|creche|crèche|voorschool))\s+(?:(?:De|Het|de|het|'t)\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*"
    r"|\b(?:[A-Z][\w'’-]+\s+){1,6}(?:College|Lyceum|Gymnasium|Scholengemeenschap|Basisschool)\b")
# Sector-wide and national organisations, named in general: naming them says nothing about a person.
SECTOR_ORGANISATIONS = re.compile(
    r"(?i)veilig thuis|raad voor de kinderbescherming|william schrikker|jeugdbescherming|ggd|wijkteam"
    r"|leger des heils|kindertelefoon|bureau jeugdzorg|centrum voor jeugd en gezin|cjg|samen veilig"
    r"|nederlands jeugdinstituut|nji|ggz"
    r"|politie|rechtbank|kinderrechter|gemeente|inspectie\s+\w+(?:\s+en\s+\w+)?|kinderombudsman|nationale ombudsman"
    r"|defence for children|save the children|unicef|ministerie van (?-i:[A-Z]\w*(?:,? (?:en )?[A-Z]\w*)*)|\bvng\b"
    r"|augeo|verwey-jonker|trimbos|movisie|pharos|vergeten kind|kinderpostzegels|sociaal en cultureel planbureau"
    r"|(?-i:Landelijk\w* [A-Z][\w-]*(?: [A-Z][\w-]*)*)"
    r"|(?-i:\b[A-Z][\w-]+(?: [A-Z][\w-]+)?) nederland\b")
# "Top 3", "top-10": a ranking, not a surname or a house number.
_RANKING = re.compile(r"(?i)\btop[ -]?\d{1,3}\b")
# "juf Frans", "de meester Gym": a school subject, not a surname.
_SUBJECT_TEACHER = re.compile(r"(?i)\b(?:juf|juffrouw|meester|leraar|lerares|docent|docente)\s+"
                              r"(?:engels|frans|duits|nederlands"
                              r"|spaans|gym|rekenen|muziek|tekenen|geschiedenis|biologie|aardrijkskunde|wiskunde)\b")


def own_findings(text: str, lists: Any = None) -> list[Finding]:
    """Findings of our own rules; `lists` (deduce's lists and a vocabulary, see names.py) sharpens the name rules."""
    found = number_findings(text)
    found += [Finding(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    found += [Finding(m.start(), m.end(), "email") for m in _EMAIL_AT_PROVIDER.finditer(text)]
    found += [Finding(m.start(), m.end(), "instelling") for m in _SCHOOL.finditer(text)
              if not SECTOR_ORGANISATIONS.search(m.group())]
    found += name_findings(text, lists)
    return found


def general_spans(text: str) -> list[tuple[int, int]]:
    """Spans that are no personal detail whatever a rule says: organisations named in general, rankings."""
    return [m.span() for m in SECTOR_ORGANISATIONS.finditer(text)] + [m.span() for m in _RANKING.finditer(text)] \
        + [m.span() for m in _SUBJECT_TEACHER.finditer(text)]


_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"]+")


def drop_general(findings: list[Finding], text: str) -> list[Finding]:
    """The findings without names, institutions and addresses that overlap an organisation or ranking, and
    without anything but an e-mail address inside a URL (a date or name in a web address is no detail)."""
    if not findings:
        return findings
    spans, urls = general_spans(text), [m.span() for m in _URL.finditer(text)]
    if not spans and not urls:
        return findings

    def overlaps(finding: Any, ranges: Any) -> bool:
        return any(start < finding.end and finding.start < end for start, end in ranges)

    return [f for f in findings if not (f.kind in ("naam", "instelling", "adres") and overlaps(f, spans))
            and not (f.kind != "email" and overlaps(f, urls))]
