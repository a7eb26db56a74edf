"""Name rules for what deduce misses: lower-case names, names no list knows, initials, word-names.

`lists` is any object with `is_first_name(w)` (a first name that is no common word),
`is_known_name(w)` (a first name or surname, even when also a word), `is_common(w)` (deduce's
common words) and `is_word(w)` (an ordinary Dutch or English word, from wordfreq). The screener
passes deduce's lists and wordfreq's vocabulary; without lists only the age rule runs.
"""
from __future__ import annotations

import re
from typing import Any

from sessions.screening.findings import Finding

_W = r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ž]"  # a letter in a name, including Polish and Turkish ones
_LOWER_W = r"[a-zß-öø-ÿā-ž]"
# A word written like a name right before an age: "Sanne (7)", "Daan, 12 jaar", "Noor van 4".
_NAME_WITH_AGE = re.compile(r"\b([A-Za-zà-ÿ][a-zà-ÿ'-]{1,20})(?=\s*(?:\(\s*\d{1,2}\s*(?:jaar|jr\.?)?\s*\)"
                            r"|,\s*\d{1,2}\s*(?:jaar|jr)\b|\s+van\s+\d{1,2}\b(?!\s*(?:uur|minuten|procent|%))))")
_ROLES = (r"vader|moeder|stiefvader|stiefmoeder|pleegvader|pleegmoeder|papa|mama|oma|opa|tante|oom|familie|fam\."
          r"|gezin|zoon|dochter|broer|zus|broertje|zusje|neef|nicht|kind|pleegkind|cliënt|client|jongen|meisje|baby"
          r"|meneer|mevrouw|mevr\.|mw\.|dhr\.|heer|juf|juffrouw|meester|buurman|buurvrouw|voogd|gezinsvoogd|mentor"
          r"|genaamd|heet|heette")
# A lower-case first name after a word that introduces a person: "bij sanne", "dochter noor", "heet daan".
_PERSON_CONTEXT = re.compile(r"(?i)\b(?:bij|met|aan|volgens|toen|" + _ROLES + r")\s+("
                             + _LOWER_W + r"[a-zà-ÿ'-]{2,20})\b")
# A role word before a capitalised word: "vader Wolters", "juf Annelies", "familie Van der Berg".
_ROLE_NAME = re.compile(r"(?i:\b(?:" + _ROLES + r"))\s+((?:(?:van|de|der|den|el|al|ter|ten)\s+)*"
                        r"[A-ZÀ-ÖØ-ÞĀ-Ž]" + _W + r"+(?:-[A-ZÀ-ÖØ-ÞĀ-Ž]" + _W + r"+)?)")
_SUBJECTS = frozenset("engels frans duits nederlands spaans gym rekenen muziek tekenen geschiedenis biologie"
                      " aardrijkskunde wiskunde".split())
# An initial (or several) and a surname: "j. de vries", "E.M. Brouwer", "s.bakker".
_INITIALS = re.compile(r"(?<![\w.])(?:[A-Za-z]\.\s?){1,3}((?:(?:van|de|der|den|ter|ten|el|al)\s+)*("
                       + _W + r"[\w'-]{1,30}))")
# Any word that starts with a capital: a name when no list or vocabulary knows it ("Ghaith", "Kowalski").
_CAPITALISED = re.compile(r"(?<![\w'-])([A-ZÀ-ÖØ-ÞĀ-Ž]" + _LOWER_W + r"{2,}(?:-[A-ZÀ-ÖØ-ÞĀ-Ž]?" + _LOWER_W
                          + r"+)?)(?![\w'-])")
_WORD = re.compile(r"(?<![\w'-])(" + _LOWER_W + r"{2,20})(?![\w'-])")
# Dutch words that are also given names: a name only where a person is meant ("Hoop zei", "met Lief").
WORD_NAMES = frozenset("hoop lief vrede hemel zon bloem lente storm maan roos ster sterre fleur iris jade dauw".split())
_PERSON_AFTER = re.compile(
    r"\s+(?:zei|zegt|vertelde|vertelt|belde|belt|huilde|huilt|wilde|wil|woont|woonde|kwam|komt|liep|gaf|vroeg|vraagt"
    r"|heet|heette|werd|schreeuwde|sliep|slaapt|durft|durfde|mocht|moest|speelt|speelde|zat|rende|sloeg|mist|miste"
    r"|kreeg|weigert|weigerde|thuiskwam|binnenkwam|(?:is|was)\s+de\s+(?:achter|familie)?naam|(?:is|was|wordt|werd)\s+(?:\d{1,2}|een|twee|drie"
    r"|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien)\b)")
_DETERMINER = re.compile(r"(?i)\b(?:de|het|een|mijn|je|jouw|zijn|haar|ons|onze|hun|deze|dit|elk|elke|geen"
                         r"|welke|wat|veel|weinig|meer|minder|zo'n|echt|heel|erg|te|om|op|in)\s+$")
# Endings of Dutch adjectives and nouns that names hardly have: "Eritrese", "Cultuursensitief", "Kwetsbaarheid".
_WORD_ENDING = re.compile(
    r"(?:isch|ische|aans|aanse|ees|ese|lijk|lijke|heid|ing|ingen|tief|tieve|teit|schap|baar|loos|eren|eer|eel|aal|atie"
    r"|isme|logie|ief|ieve)$")
# After mevrouw, meneer or familie any known surname is a name, even one that is also a word: "mevrouw bakker".
_POLITE = re.compile(r"(?i)\b(?:mevrouw|mevr\.|mw\.|meneer|dhr\.|familie|fam\.|gezin)\s+"
                     r"((?:(?:van|de|der|den|ter|ten)\s+)*"
                     r"(" + _LOWER_W + r"[a-zà-ÿ'-]{1,30}))")
# Lower-case Dutch (and loan) words that deduce also lists as first names: no name when typed in lower case.
_WORDS_NOT_NAMES = frozenset(
    "ken brand frans lieve koop kader ton feite fan job constant win boy just ouwe maas vrouwtje engel anno hang maatje"
    " hee kas kick pier peer kar kit rem volken star marine lente roman junior king lam jet moon zonne rose roos iris"
    " hope lucky amber silver rover sultan islam india love day age take can guy may don mac bin tan pol kam sim han"
    " lex leen lin wen sol mel ram rico rica boris just hang nova river ocean summer dawn june grace joy sky angel"
    " belle bella prince duke king tea rex kas pim lou otto storm maan zon ster sterre bloem hemel vrede hoop lief"
    " mei juni april augustus merel vos wolf mus valk beer".split())
# Dutch abbreviations written as initials: "o.b.v. de risicotaxatie", "t.a.v. de gezinsvoogd".
_ABBREVIATION = re.compile(r"(?i)(?:o\.b\.v|d\.w\.z|t\.a\.v|i\.p\.v|m\.b\.t|n\.a\.v|i\.o\.m|o\.a|z\.s\.m|e\.e\.a"
                           r"|b\.v|m\.a\.w"
                           r"|i\.v\.m|t\.z\.t|a\.s|c\.q|e\.d|o\.i\.d|t\.b\.v|v\.w\.b|m\.i|n\.v\.t|t\.o\.v|i\.c\.m|i\.s\.m|a\.u\.b"
                           r"|blz|nr|vs)\.")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"'(\[„“”‘’«»|–—-]\s*|\n\s*)$")


def name_findings(text: str, lists: Any = None) -> list[Finding]:
    """Findings of our own name rules (see the module docstring for `lists`)."""
    found = [Finding(m.start(1), m.end(1), "naam") for m in _NAME_WITH_AGE.finditer(text)
             if (lists is None or not lists.is_common(m.group(1)) or m.group(1).lower() in WORD_NAMES)
             and (m.group(1)[0].isupper() or (lists is not None and lists.is_first_name(m.group(1).capitalize())))]
    if lists is None:
        return found
    found += [Finding(m.start(1), m.end(1), "naam") for m in _PERSON_CONTEXT.finditer(text)
              if lists.is_first_name(m.group(1).capitalize()) and not m.group(1).isupper()]
    found += [Finding(m.start(1), m.end(1), "naam") for m in _ROLE_NAME.finditer(text) if _role_name(m, text, lists)]
    found += [Finding(m.start(1), m.end(1), "naam") for m in _POLITE.finditer(text)
              if lists.is_known_name(m.group(2).capitalize()) and not _PERSON_AFTER.fullmatch(" " + m.group(2))]
    found += [Finding(m.start(), m.end(1), "naam") for m in _INITIALS.finditer(text) if _initial_name(m, lists)]
    found += [Finding(m.start(1), m.end(1), "naam") for m in _CAPITALISED.finditer(text)
              if _unknown_name(m, text, lists)]
    found += [Finding(m.start(1), m.end(1), "naam") for m in _WORD.finditer(text) if _lower_case_name(m, text, lists)]
    return found


def _role_name(match: re.Match[str], text: str, lists: Any) -> bool:
    word = match.group(1).split()[-1]
    if word.lower() in _SUBJECTS:
        return False
    if all(lists.is_known_name(part) for part in word.split("-")) or not lists.is_word(word):
        return True
    # A Dutch word after a role word: a name only when it is a given name and a person follows ("Dochter Hemel wilde").
    return word.lower() in WORD_NAMES and bool(_PERSON_AFTER.match(text, match.end(1)))


def _initial_name(match: re.Match[str], lists: Any) -> bool:
    word = match.group(2)
    if word[0].isdigit() or _ABBREVIATION.match(match.group()):
        return False
    return lists.is_known_name(word.capitalize()) or not lists.is_word(word)


def _unknown_name(match: re.Match[str], text: str, lists: Any) -> bool:
    word = match.group(1)
    lower = word.lower()
    if lower in WORD_NAMES:  # a Dutch word used as a name: mid-sentence, or a person follows
        return not _SENTENCE_START.search(text[:match.start()]) or bool(_PERSON_AFTER.match(text, match.end()))
    if lists.is_common(word) or lists.is_place(word) or _WORD_ENDING.search(lower):
        return False
    # At the start of a sentence every word has a capital: there even a rarer Dutch word is a word.
    rare = bool(_SENTENCE_START.search(text[:match.start()])) and not _PERSON_AFTER.match(text, match.end())
    return not any(lists.is_word(part, rare) for part in word.split("-"))


def _lower_case_name(match: re.Match[str], text: str, lists: Any) -> bool:
    word = match.group(1)
    if len(word) < 3 or word in _WORDS_NOT_NAMES or not lists.is_first_name(word.capitalize()):
        return False
    return not _DETERMINER.search(text[:match.start()])


def used_as_word(text: str, start: int, end: int) -> bool:
    """Whether a list's 'name' is a Dutch word opening the sentence with no person after ("Roos is mooi")."""
    return (text[start:end].lower() in WORD_NAMES and bool(_SENTENCE_START.search(text[:start]))
            and not _PERSON_AFTER.match(text, end))
