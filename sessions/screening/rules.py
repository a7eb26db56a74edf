"""Our own screening rules: what deduce misses in short answers, and what it flags but is no identifier here.

Pure functions on text; no deduce import, so the server can use them without loading 1 GB.
Each rule returns `Finding`s (start, end, kind) with `kind` one of `KINDS`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

KINDS = ("naam", "bsn", "telefoon", "email", "adres", "geboortedatum", "instelling", "kenteken")


@dataclass(frozen=True)
class Finding:
    """A detected personal detail: text[start:end] is of `kind`."""

    start: int
    end: int
    kind: str


def elfproef(digits: str) -> bool:
    """The BSN 11-test: 9 digits, weights 9…2 and -1, the sum divisible by 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    return sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True)) % 11 == 0


# Nine digits, also written in groups (123 456 782, 1234.56.782); no digit right before or after.
_BSN = re.compile(r"(?<![\d.,-])(\d{9}|\d{3}[ .-]\d{3}[ .-]\d{3}|\d{4}[ .-]\d{2}[ .-]\d{3})(?![\d,]|[.-]\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# Phone numbers deduce does not know: international notation (+32 …, 0049 …) and +31 6 in groups.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)(?:31|32|49|44|33|90|212|597|599)[ -]?\(?0?\)?[ -]?\d(?:[ -]?\d){7,10}(?!\d)")
# Public numbers: free and paid service lines, the emergency and crisis lines. No identifiers.
_PUBLIC_PHONE = re.compile(r"^(?:\+31|0031)?[ (]*0?(?:800|900|906|909)|^(?:112|113|14\d{3})$")
# Dutch licence plates: the sidecodes since 1951, with dashes (12-ABC-3, AB-12-CD, 1-ABC-23, …).
_PLATE_SHAPES = ("LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
                 "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D")


def _plate_pattern(shape: str) -> str:
    return "".join({"L": "[A-Z]", "D": r"\d", "-": "[-]"}[c] for c in shape)


_PLATE = re.compile(r"(?<![\w-])(?:" + "|".join(_plate_pattern(s) for s in _PLATE_SHAPES) + r")(?![\w-])")
_PLATE_CONTEXT = re.compile(r"(?i)kenteken|nummerbord|auto|scooter|wagen")
_POSTCODE = re.compile(r"(?<!\d)[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w])")
_SCHOOL = re.compile(
    r"(?i:\b(?:basisschool|school|obs|cbs|pcbs|rkbs|sbo|vso|kinderdagverblijf|kdv|bso|peuterspeelzaal"
    r"|opvang|creche|crèche|voorschool))\s+(?:(?:De|Het|de|het|'t)\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*"
    r"|\b(?:[A-Z][\w'’-]+\s+)+(?:College|Lyceum|Gymnasium|Scholengemeenschap|Basisschool)\b")
# A word written like a name right before an age: "Sanne (7)", "Daan, 12 jaar", "Noor van 4".
_NAME_WITH_AGE = re.compile(r"\b([A-Za-zà-ÿ][a-zà-ÿ'-]{1,20})(?=\s*(?:\(\s*\d{1,2}\s*(?:jaar|jr\.?)?\s*\)"
                            r"|,\s*\d{1,2}\s*(?:jaar|jr)\b|\s+van\s+\d{1,2}\b(?!\s*(?:uur|minuten|procent|%))))")
# A lower-case word after words that introduce a person: "bij sanne", "dochter noor", "heet daan".
_PERSON_CONTEXT = re.compile(r"(?i)\b(?:bij|met|zoon|dochter|meisje|jongen|kind|cliënt|client|pleegkind|broertje"
                             r"|zusje|broer|zus|moeder|vader|mama|papa|oma|opa|tante|oom|genaamd|heet|heette"
                             r"|meneer|mevrouw|mevr\.|dhr\.|mw\.)\s+([a-zà-ÿ][a-zà-ÿ'-]{2,20})\b")
_BIRTH_CONTEXT = re.compile(r"(?i)\bgeb(?:oren|\.|oortedatum|oortedag)|\bverjaardag|\bjarig|\bdob\b|°")
# Sector-wide organisations: naming them says nothing about a person.
SECTOR_ORGANISATIONS = re.compile(
    r"(?i)veilig thuis|raad voor de kinderbescherming|william schrikker|jeugdbescherming|ggd|wijkteam"
    r"|leger des heils|kindertelefoon|centrum voor jeugd en gezin|cjg|samen veilig|jeugdzorg nederland"
    r"|nederlands jeugdinstituut|nji|ggz|politie|rechtbank|kinderrechter|gemeente")


def own_findings(text: str, is_first_name=None, is_common_word=None) -> list[Finding]:
    """Findings of our own rules; the two callables (from deduce's lists) sharpen the name rules."""
    found = [Finding(m.start(1), m.end(1), "bsn") for m in _BSN.finditer(text)
             if elfproef(re.sub(r"\D", "", m.group(1)))]
    found += [Finding(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    found += [Finding(m.start(), m.end(), "telefoon") for m in _PHONE.finditer(text)]
    found += [Finding(m.start(), m.end(), "adres") for m in _POSTCODE.finditer(text)]
    found += [Finding(m.start(), m.end(), "instelling") for m in _SCHOOL.finditer(text)
              if not SECTOR_ORGANISATIONS.search(m.group())]
    plates = list(_PLATE.finditer(text))
    if not plates and _PLATE_CONTEXT.search(text):
        plates = list(_PLATE.finditer(text.upper()))  # "kenteken 12-abc-3": lower case counts too
    found += [Finding(m.start(), m.end(), "kenteken") for m in plates]
    common = is_common_word or (lambda word: False)
    found += [Finding(m.start(1), m.end(1), "naam") for m in _NAME_WITH_AGE.finditer(text)
              if not common(m.group(1))
              and (m.group(1)[0].isupper() or (is_first_name and is_first_name(m.group(1).capitalize())))]
    if is_first_name is not None:
        found += [Finding(m.start(1), m.end(1), "naam") for m in _PERSON_CONTEXT.finditer(text)
                  if is_first_name(m.group(1).capitalize()) and not common(m.group(1))]
    return found


def is_public_phone(number: str) -> bool:
    """True for service and emergency numbers (0800-2000, 0900-…, 112): not a person's number."""
    digits = re.sub(r"[^\d+]", "", number)
    return bool(_PUBLIC_PHONE.search(digits))


def is_birth_date(text: str, start: int, end: int, today: date | None = None) -> bool:
    """A date is a date of birth when the text says so, or when it has a year two or more years back.

    A meeting date ("op 14 maart", "volgende week dinsdag 3-12") is no identifier; a full date
    years ago in an answer about a case almost always is someone's birthday.
    """
    if _BIRTH_CONTEXT.search(text):
        return True
    year = re.search(r"(\d{2,4})\s*$", text[start:end])
    if year is None:
        return False
    value = int(year.group(1))
    current = (today or date.today()).year
    if value < 100:
        value += 2000 if value <= current % 100 else 1900
    return value <= current - 2


_STREET_SUFFIX = re.compile(r"(?i)(?:straat|str|laan|weg|plein|gracht|kade|dijk|singel|hof|park|pad|dreef|steeg|markt"
                            r"|baan|plantsoen|dam|wal|veld|erf|ring|boulevard|allee|poort|haven|tuin|hoeve|akker)\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*)$")


def is_address(text: str, start: int, end: int) -> bool:
    """Whether deduce's street + number is an address, not "Deel 2" or "Crisisdienst 0900" at a sentence start."""
    found = text[start:end]
    if _POSTCODE.search(found) or found.lower().startswith("postbus"):
        return True
    number = re.search(r"(\d+)\s*[a-zA-Z]?$", found)
    if number and number.group(1).startswith("0"):
        return False  # house numbers never start with 0; phone area codes do
    return bool(_STREET_SUFFIX.search(found.split()[0])) or not _SENTENCE_START.search(text[:start])


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
