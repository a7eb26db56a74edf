"""Facilitator passwords: readable generated ones, and the `set-password` command."""
from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
import unicodedata

# Lower-case letters and digits without the look-alikes 0/o, 1/l/i: easy to read aloud and type.
READABLE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
MIN_LENGTH = 8
MAX_LENGTH = 200


def readable_password(groups: int = 3, group_size: int = 4) -> str:
    """A random password like 'k7mq-x3pa-9hdw' (about 59 bits); never starts with '-'."""
    return "-".join("".join(secrets.choice(READABLE_ALPHABET) for _ in range(group_size)) for _ in range(groups))


def password_problem(password: str) -> str | None:
    """Why a chosen password cannot be used (Dutch), or None when it can."""
    if len(password) < MIN_LENGTH:
        return f"Een wachtwoord heeft minstens {MIN_LENGTH} tekens."
    if len(password) > MAX_LENGTH:
        return f"Een wachtwoord heeft hoogstens {MAX_LENGTH} tekens."
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in password):
        return "Een wachtwoord mag geen stuurtekens bevatten."
    return None


def obtain_password(generate: bool, who: str = "de facilitator") -> tuple[str | None, bool]:
    """A new password: generated, from LEERSESSIE_PASSWORD, or typed twice. (None, _) when refused."""
    if generate:
        return readable_password(), True
    password = os.environ.get("LEERSESSIE_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            print("fout: geen wachtwoord. Typ het in een terminal, zet LEERSESSIE_PASSWORD of gebruik --generate.",
                  file=sys.stderr)
            return None, False
        password = getpass.getpass(f"Nieuw wachtwoord voor {who} (leeg = laat er een maken): ")
        if password == "":
            return readable_password(), True
        if getpass.getpass("Nog een keer: ") != password:
            print("fout: de twee wachtwoorden zijn niet gelijk; er is niets veranderd.", file=sys.stderr)
            return None, False
    problem = password_problem(password)
    if problem:
        print(f"fout: {problem} Er is niets veranderd.", file=sys.stderr)
        return None, False
    return password, False


def set_password_command(args: argparse.Namespace) -> int:
    """`set-password`: set or reset the facilitator password stored (hashed) in the data dir."""
    from werkzeug.security import generate_password_hash

    from facilitator.commandline.commands import open_store

    password, generated = obtain_password(args.generate)
    if password is None:
        return 1
    store = open_store(args)
    store.set_setting("password_hash", generate_password_hash(password))
    print(f"Wachtwoord opgeslagen in {store.path}.")
    if generated:
        print(f"Het nieuwe wachtwoord (wordt één keer getoond): {password}")
    print("Draait de server al? Herstart hem, dan geldt het nieuwe wachtwoord.")
    if os.environ.get("LEERSESSIE_PASSWORD") and args.generate:
        print("Let op: LEERSESSIE_PASSWORD is gezet en gaat bij het starten van de server voor.")
    return 0
