"""Number rules: BSN (11-proef), phone numbers, postcodes, street + house number, dates, plates.

Every rule holds whatever punctuation or bracket stands before or after the number
("is 198429186, daarna", "(0612345678)", "123-45-6782"): the edges only refuse a digit, or a
separator that continues the number ("1.234.567,89"). Pure functions on text.
"""
from __future__ import annotations

import re
from datetime import date

from sessions.screening.findings import Finding


def elfproef(digits: str) -> bool:
    """The BSN 11-test: 9 digits, weights 9…2 and -1, the sum divisible by 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    return sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True)) % 11 == 0


_EDGE_BEFORE = r"(?<!\d)(?<!\d[.,])"
_EDGE_AFTER = r"(?!\d)(?![.,-]\d)"
# Nine digits, also in groups of any shape (123 456 782, 1234.56.782, 123-45-6782).
_BSN = re.compile(_EDGE_BEFORE + r"(\d{9}|\d{1,4}(?:[ .-]\d{1,4}){1,4})" + _EDGE_AFTER)
# A Dutch number: 0, area code or 6, eight or nine more digits in any grouping ("(030) 234 56 78").
_DUTCH_PHONE = re.compile(r"(?<![\w+])(?<!\d[.,-])(?:\(0[1-9]\d{0,2}\)|0[1-9]\d{0,2})(?:[ ./-]{0,2}\d){6,9}"
                          + _EDGE_AFTER)
# Phone numbers in international notation (+32 …, 0049 …) and +31 6 in groups.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)(?:31|32|49|44|33|90|212|597|599)[ -]?\(?0?\)?[ -]?\d(?:[ -]?\d){7,10}(?!\d)")
# Public numbers: free and paid service lines, the emergency and crisis lines. No identifiers.
_PUBLIC_PHONE = re.compile(r"^(?:\+31|0031)?[ (]*0?(?:800|900|906|909)|^(?:112|113|14\d{3})$")
# Dutch licence plates: the sidecodes since 1951, with dashes (12-ABC-3, AB-12-CD, 1-ABC-23, …).
_PLATE_SHAPES = ("LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
                 "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D")
_PLATE = re.compile(r"(?<![\w-])(?:" + "|".join(
    "".join({"L": "[A-Z]", "D": r"\d", "-": "[-]"}[c] for c in shape) for shape in _PLATE_SHAPES) + r")(?![\w-])")
_PLATE_CONTEXT = re.compile(r"(?i)kenteken|nummerbord|auto|scooter|wagen")
POSTCODE = re.compile(r"(?<!\d)[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?!\w)")
_STREET_WORD = r"(?:straat|str|laan|weg|plein|gracht|kade|dijk|singel|dreef|steeg|plantsoen|boulevard|allee|markt)"
# "Kastanjelaan 7", "(Merelstraat 12)", "op de brinklaan 23b,": a street word and a house number.
_STREET_NUMBER = re.compile(r"(?i:\b[a-zà-ÿ][a-zà-ÿ'-]{1,30}" + _STREET_WORD + r")\s+"
                            r"[1-9]\d{0,3}(?:\s?[a-zA-Z]\b|-\d{1,3})?"
                            r"(?!\d|[.,]\d|\s*(?:uur|jaar|procent|%|keer|minuten|weken|dagen|km|meter))")
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
           "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
_DATE = re.compile(r"(?<![\d.,/-])(?:(\d{1,2})[-./](\d{1,2})[-./](\d{4}|\d{2})(?!\d|[-./]\d)"
                   rf"|(\d{{1,2}})\s+(?i:{_MONTHS})\.?(?:\s+(\d{{4}}))?(?!\d))")
_BIRTH_CONTEXT = re.compile(
    r"(?i)\bgeb(?:oren|\.|oorte\w*|\b)|\bverjaardag|\bjarig|\bdob\b|°|\bter wereld\b|\bbevallen\b")
# A date after or before these words is when something happened in the work, not a birthday.
_EVENT_BEFORE = re.compile(
    r"(?i)\b(?:sinds|vanaf|per|tot|tussen|t/m|sessie|leersessie|bijeenkomst|training|evaluatie|overleg|zitting"
    r"|vergadering|rapport|brief|verslag|wet|pilot|project|afspraak|week|start|gestart|begonnen|ingegaan"
    r"|ingevoerd|deadline|congres|studiedag|intervisie)\b[^.!?]{0,25}$")
_EVENT_AFTER = re.compile(
    r"(?i)^[^.!?]{0,25}\b(?:ingegaan|ingevoerd|gestart|begonnen|van kracht|afgesloten|geëvalueerd|startte|begon"
    r"|ging\b[^.!?]{0,30}\bin\b)")


def number_findings(text: str) -> list[Finding]:
    """BSNs, phone numbers, postcodes, street + house numbers, dates of birth and plates in `text`."""
    found = [Finding(m.start(1), m.end(1), "bsn") for m in _BSN.finditer(text)
             if elfproef(re.sub(r"\D", "", m.group(1)))]
    found += [Finding(m.start(), m.end(), "telefoon") for m in _DUTCH_PHONE.finditer(text)
              if len(re.sub(r"\D", "", m.group())) == 10 and not is_public_phone(m.group())]
    found += [Finding(m.start(), m.end(), "telefoon") for m in _PHONE.finditer(text)]
    found += [Finding(m.start(), m.end(), "adres") for m in POSTCODE.finditer(text)]
    found += [Finding(m.start(), m.end(), "adres") for m in _STREET_NUMBER.finditer(text)]
    found += [Finding(m.start(), m.end(), "geboortedatum") for m in _DATE.finditer(text)
              if _is_date(m) and is_birth_date(text, m.start(), m.end())]
    plates = list(_PLATE.finditer(text))
    if not plates and _PLATE_CONTEXT.search(text):
        plates = list(_PLATE.finditer(text.upper()))  # "kenteken 12-abc-3": lower case counts too
    found += [Finding(m.start(), m.end(), "kenteken") for m in plates]
    return found


def _is_date(match: re.Match[str]) -> bool:
    day = int(match.group(1) or match.group(4))
    month = int(match.group(2)) if match.group(2) else 1
    return 1 <= day <= 31 and 1 <= month <= 12


def is_public_phone(number: str) -> bool:
    """True for service and emergency numbers (0800-2000, 0900-…, 112): not a person's number."""
    digits = re.sub(r"[^\d+]", "", number)
    return bool(_PUBLIC_PHONE.search(digits))


def is_birth_date(text: str, start: int, end: int, today: date | None = None) -> bool:
    """A date is a date of birth when the text says so, or when it has a year two or more years back.

    A date of something in the work ("de sessie op 12-03-2024", "sinds 1 januari 2015", "de
    wet is op 1-1-2015 ingegaan") is no identifier; a full date years ago in an answer about a
    case almost always is someone's birthday.
    """
    if _BIRTH_CONTEXT.search(text):
        return True
    if _EVENT_BEFORE.search(text[:start]) or _EVENT_AFTER.search(text[end:]):
        return False
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
    if POSTCODE.search(found) or found.lower().startswith("postbus"):
        return True
    number = re.search(r"(\d+)\s*[a-zA-Z]?$", found)
    if number and number.group(1).startswith("0"):
        return False  # house numbers never start with 0; phone area codes do
    return bool(_STREET_SUFFIX.search(found.split()[0])) or not _SENTENCE_START.search(text[:start])
