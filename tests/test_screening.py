"""The screener: deduce plus our own rules, on each kind of personal detail and on what is no identifier.

One screener (deduce loaded once, ~2 s) is shared by every test in this file.
"""
from __future__ import annotations

import gc
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sessions.screening.corpus import read_corpus, score
from sessions.screening.rules import elfproef, is_birth_date, is_public_phone
from sessions.screening.screener import Screener, redact

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "screening-corpus.tsv"
HELD_OUT = ROOT / "tests" / "data" / "screening-heldout.tsv"
HELD_OUT_RECALL, HELD_OUT_CLEAN_HELD = 0.93, 0.05


@pytest.fixture(scope="module")
def screener():
    # Module scope: the 1.1 GB are freed before the rest of the suite runs (the screener freezes
    # deduce's lists out of the collector's sight, as a worker wants; a test process takes them back).
    yield Screener()
    gc.unfreeze()
    gc.collect()


def test_deduces_lists_load_with_the_collector_off_and_stay_out_of_its_sight(screener):
    assert gc.isenabled()
    assert gc.get_freeze_count() > 1_000_000  # millions of small objects no collection scans again


def kinds(screener, text: str) -> tuple[str, ...]:
    return screener.screen(text).kinds


@pytest.mark.parametrize("text, kind", [
    ("Ik sprak met Priya Ramdin over haar zoon", "naam"),
    ("Daan (12) voelt zich niet veilig", "naam"),
    ("bij sanne thuis was het rommelig", "naam"),
    ("BSN 123456782 staat in het dossier", "bsn"),
    ("zijn nummer is 123 456 782", "bsn"),
    ("Bel 06-12345678 als er iets is", "telefoon"),
    ("Vader belt vanaf +31 6 34567890", "telefoon"),
    ("Mail j.jansen@gmail.com voor het verslag", "email"),
    ("Zijn adres: tom.hendriks@proton.me", "email"),
    ("Het gezin woont op de Dorpsweg 4 in Zeist", "adres"),
    ("postcode 3512 AB", "adres"),
    ("geboren op 12-03-2015", "geboortedatum"),
    ("Ze zit op basisschool De Regenboog", "instelling"),
    ("Hij wordt behandeld bij Altrecht", "instelling"),
    ("De auto met kenteken 12-ABC-3 stond voor de deur", "kenteken"),
    ("vader rijdt in een auto met nummerbord AB-12-CD", "kenteken"),
])
def test_each_kind_is_found(screener, text, kind):
    assert kind in kinds(screener, text)


@pytest.mark.parametrize("text", [
    "Het gezin woont in Utrecht",                      # a city alone
    "We hebben het gesprek op 14 maart gepland",       # a meeting date
    "Volgende week dinsdag 10-11-2026 is de evaluatie",
    "We moeten meer vertragen in fase 2",              # "fase 2"
    "Bel bij twijfel Veilig Thuis op 0800-2000",       # public numbers
    "In acute nood bel je 112",
    "Een meisje van 14 dat niet meer naar school wilde",  # an age
    "Het kind was 7 jaar",
    "het nummer 123456789 klopte niet",                # nine digits that fail the 11-proef
    "De Raad voor de Kinderbescherming deed onderzoek",  # sector organisations
    "De William Schrikker Stichting begeleidt veel gezinnen",
    "Stap 4 in het stappenplan is vaak lastig",
    "Deel 2 van de leersessie ging over informele steun",
    "In Den Haag werken ze met een ander model",
    "",
])
def test_what_is_no_identifier_here(screener, text):
    assert kinds(screener, text) == ()


def test_the_11_proef():
    assert elfproef("123456782") and elfproef("111222333") and elfproef("100000009")
    assert not elfproef("123456789") and not elfproef("000000000") and not elfproef("12345678")


def test_a_bsn_must_pass_the_11_proef(screener):
    assert kinds(screener, "nummer 123456782") == ("bsn",)
    assert kinds(screener, "nummer 123456781") == ()


def test_public_numbers():
    assert is_public_phone("0800-2000") and is_public_phone("0900 1450") and is_public_phone("112")
    assert not is_public_phone("06-12345678") and not is_public_phone("030-2345678")


def test_birth_dates_need_context_or_an_old_year():
    today = date(2026, 11, 29)
    assert is_birth_date("geboren 3 mei", 8, 13, today)
    text = "Noah, 03-05-2016, woont bij vader"
    assert is_birth_date(text, 6, 16, today)
    text = "evaluatie op 03-05-2026"
    assert not is_birth_date(text, 13, 23, today)


def test_redaction_replaces_each_part_with_its_kind(screener):
    text = "bij Sanne (7) uit de Kerkstraat 12 ging het mis, bel 06-12345678"
    assert redact(text, screener.screen(text).findings) == "bij [naam] (7) uit de [adres] ging het mis, bel [telefoon]"


def test_corpus_recall_and_clean_rows(screener):
    total, categories = score(lambda text: screener.screen(text).kinds, read_corpus(CORPUS))
    assert total.detail >= 200 and total.clean >= 200
    assert total.recall >= 0.97, total.misses
    assert total.clean_rate <= 0.05, total.misses
    assert total.kind_missed <= 0.05 * total.detail, total.misses
    for name, category in categories.items():  # no category is carried by the others
        assert category.recall >= 0.9 and category.clean_rate <= 0.15, (name, category.misses)


def test_held_out_corpus(screener):
    # Rows written before the rules of issue 15 and never tuned on: a guard against regressions
    # at the level first measured (docs/screening.md), not a target the rules were fitted to.
    total, _ = score(lambda text: screener.screen(text).kinds, read_corpus(HELD_OUT))
    assert total.detail >= 60 and total.clean >= 50
    assert total.recall >= HELD_OUT_RECALL, total.recall
    assert total.clean_rate <= HELD_OUT_CLEAN_HELD, total.clean_rate


def test_the_screen_command_writes_one_line_per_input_line(tmp_path):
    lines = ["bij Sanne (7) uit de Kerkstraat 12 ging het mis", "Vertrouwen is de basis", "",
             "Bel Veilig Thuis op 0800-2000", "BSN 123456782\tin het dossier"]
    source = tmp_path / "antwoorden.txt"
    source.write_bytes("\r\n".join(lines).encode("utf-8") + b"\r\n")
    from_file = subprocess.run([sys.executable, "run.py", "screen", str(source)], cwd=ROOT, capture_output=True,
                               timeout=120)
    assert from_file.returncode == 0, from_file.stderr
    out = from_file.stdout.decode("utf-8").split("\n")
    assert out[-1] == "" and len(out) - 1 == len(lines)
    assert out[:5] == ["HOLD\tnaam,adres\tbij [naam] (7) uit de [adres] ging het mis", "OK\t\tVertrouwen is de basis",
                       "OK\t\t", "OK\t\tBel Veilig Thuis op 0800-2000", "HOLD\tbsn\tBSN [bsn] in het dossier"]
    from_stdin = subprocess.run([sys.executable, "run.py", "screen"], cwd=ROOT, input="Mail j.jansen@gmail.com",
                                capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert from_stdin.returncode == 0 and from_stdin.stdout == "HOLD\temail\tMail [email]\n"
