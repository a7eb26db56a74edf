"""The command line: every subcommand and flag, shared by `python run.py` and `leersessie`.

This module imports nothing but the standard library at load time: the installed `leersessie`
command imports it before the async server is chosen, and monkey patching must come first.
"""
from __future__ import annotations

import argparse
import runpy
import sys
from urllib.parse import urlparse

from web.paths import fallback_data_dir

_program: str | None = None  # "leersessie" when started as the installed command


def launch() -> None:
    """The `leersessie` command of an installed copy: run `run.py` as the entry point, as a clone does."""
    global _program
    _program = "leersessie"
    # run.py monkey-patches first thing when it runs as __main__, before Flask is imported.
    runpy.run_module("run", run_name="__main__", alter_sys=True)


def port(text: str) -> int:
    """A TCP port number from the command line."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen poortnummer: {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"een poort is 1 tot en met 65535, niet {value}")
    return value


def public_url(text: str) -> str:
    """An http(s) base URL from the command line, without trailing slash."""
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise argparse.ArgumentTypeError(f"geen http(s)-adres: {text!r}")
    return text.rstrip("/")


def responses(text: str) -> int:
    """The number of demo answers per question."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen getal: {text!r}") from None
    if not 0 <= value <= 5000:
        raise argparse.ArgumentTypeError("kies 0 tot en met 5000")
    return value


def _with_default(text: str) -> str:
    return text + " (standaard: %(default)s)"


_DATA_DIR_HELP = (f"de map van de database (standaard: LEERSESSIE_DATA_DIR, anders {fallback_data_dir()})"
                  .replace("%", "%%"))


def _add_serve(commands) -> None:
    serve = commands.add_parser(
        "serve", help="start de server (standaard als je geen opdracht geeft)",
        description="Start de server. Telefoons doen mee via het adres en de QR-code die hij toont.")
    serve.add_argument("--host", default="0.0.0.0", help=_with_default(
        "het adres waarop de server luistert; 0.0.0.0 = elk netwerk van deze computer, "
        "127.0.0.1 = alleen deze computer (telefoons kunnen dan niet meedoen)"))
    serve.add_argument("--port", type=port, default=5000, help=_with_default("de poort"))
    serve.add_argument("--data-dir", default=None, help=_DATA_DIR_HELP)
    serve.add_argument("--sessions-dir", default=None, help=(
        "de map met je eigen sessiebestanden; nieuwe en bewerkte leersessies komen hier, de "
        "meegeleverde staan ernaast en blijven ongewijzigd (standaard: LEERSESSIE_SESSIONS_DIR, "
        "anders de map sessions in de datamap)"))
    serve.add_argument("--public-url", type=public_url, default=None, help=(
        "het adres waarop telefoons de server bereiken, voor deelnamelinks en QR-codes, bijvoorbeeld "
        "https://leersessie.example.org achter een proxy (standaard: LEERSESSIE_PUBLIC_URL, anders "
        "het adres waarop de server luistert, met het netwerkadres van deze computer voor 0.0.0.0)"))
    serve.add_argument("--behind-proxy", action="store_true", help=(
        "de server staat achter een reverse proxy (zoals Caddy) op dezelfde machine: vertrouw dan "
        "diens X-Forwarded-Proto, -Host en -For (standaard: uit, die kopregels worden genegeerd)"))
    serve.add_argument("--async-mode", choices=("eventlet", "gevent"), default="eventlet",
                       help=_with_default("de netwerkbibliotheek van de server"))
    serve.add_argument("--no-screening", action="store_true", help=(
        "controleer antwoorden niet op persoonsgegevens (standaard: aan; LEERSESSIE_SCREENING=off zet "
        "hem ook uit); de console waarschuwt dan"))
    serve.add_argument("--message-queue", metavar="URL", default=None, help=(
        "draai als een van meerdere serverprocessen met dezelfde datamap, verbonden door Redis "
        "(bijvoorbeeld redis://127.0.0.1:6379/0; standaard: uit, één proces); zie docs/deploy.md"))


def build_parser() -> argparse.ArgumentParser:
    """The command line: serve (default) and the commands besides serving."""
    parser = argparse.ArgumentParser(prog=_program, description="Leersessie: live leersessies met telefoons.")
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    _add_serve(commands)
    check = commands.add_parser("check-sessions", help="controleer sessiebestanden")
    check.add_argument("paths", nargs="*", metavar="PAD", help=(
        "bestanden of mappen (standaard: de meegeleverde leersessies en je eigen, in de map sessions "
        "van de datamap of LEERSESSIE_SESSIONS_DIR)"))
    export = commands.add_parser("export", help="exporteer de opbrengst van leersessies")
    export.add_argument("codes", nargs="+", metavar="CODE")
    export.add_argument("--data-dir", default=None, help=_DATA_DIR_HELP)
    export.add_argument("-o", "--output", required=True, help="het bestand om te schrijven")
    export.add_argument("--format", choices=("pdf", "docx", "xlsx", "csv", "json", "md"), default="pdf",
                        help=_with_default("het formaat"))
    export.add_argument("--template", metavar="BESTAND", default=None, help=(
        "een Word-sjabloon (.docx of .dotx) voor --format docx: de huisstijl met stijlen, kleuren en "
        "logo (standaard: het sjabloon dat in de console bij Instellingen is geüpload, anders de "
        "opmaak van de PDF)"))
    demo = commands.add_parser("demo", help="maak afgeronde demosessies met voorbeeldantwoorden")
    demo.add_argument("--data-dir", default=None, help=_DATA_DIR_HELP)
    demo.add_argument("--sessions-dir", default=None, help="de map met sessiebestanden")
    demo.add_argument("--responses", type=responses, default=40, help=_with_default("antwoorden per vraag"))
    password = commands.add_parser(
        "set-password", help="stel het facilitatorwachtwoord in of opnieuw in",
        description="Stel het wachtwoord van de facilitator in. Het wordt twee keer gevraagd, of "
                    "gelezen uit LEERSESSIE_PASSWORD; met --generate maakt Leersessie er een.")
    password.add_argument("--data-dir", default=None, help=_DATA_DIR_HELP)
    password.add_argument("--generate", action="store_true", help="maak een goed voor te lezen wachtwoord")
    password.add_argument("--facilitator", metavar="NAAM", type=_account_name, default=None,
                          help="het wachtwoord van dit account in plaats van het gedeelde wachtwoord")
    _add_account_commands(commands)
    screen = commands.add_parser(
        "screen", help="controleer tekst op persoonsgegevens, één antwoord per regel",
        description="Leest één antwoord per regel en schrijft per regel HOLD<TAB>soorten<TAB>geanonimiseerde "
                    "tekst of OK<TAB><TAB>tekst.")
    screen.add_argument("file", nargs="?", default=None, metavar="BESTAND",
                        help="een tekstbestand (standaard: standaardinvoer)")
    themes = commands.add_parser(
        "themes", help="stel thema's voor bij open antwoorden, één antwoord per regel",
        description="Leest één antwoord per regel en schrijft per regel themanummer<TAB>themanaam<TAB>antwoord.")
    themes.add_argument("file", nargs="?", default=None, metavar="BESTAND",
                        help="een tekstbestand (standaard: standaardinvoer)")
    commands.add_parser("prepare-screening", help="bouw eenmalig de opzoeklijsten van de controle op "
                                                  "persoonsgegevens (bij de installatie)")
    return parser


def _account_name(text: str) -> str:
    from .account_commands import account_name  # werkzeug loads only when a name is given

    return account_name(text)


def _add_account_commands(commands) -> None:
    add = commands.add_parser(
        "add-facilitator", help="maak een facilitatoraccount (voor een server met meerdere facilitators)",
        description="Maak een account. Zonder accounts gebruikt de server één gedeeld wachtwoord; met "
                    "accounts logt iedereen in met naam en wachtwoord en ziet alleen de eigen leersessies.")
    add.add_argument("name", metavar="NAAM", type=_account_name)
    add.add_argument("--admin", action="store_true", help="beheerder: ziet en bedient alle leersessies")
    add.add_argument("--generate", action="store_true", help="maak een goed voor te lezen wachtwoord")
    add.add_argument("--data-dir", default=None, help=_DATA_DIR_HELP)
    listing = commands.add_parser("list-facilitators", help="toon de facilitatoraccounts")
    listing.add_argument("--data-dir", default=None, help=_DATA_DIR_HELP)
    remove = commands.add_parser("remove-facilitator", help="verwijder een facilitatoraccount")
    remove.add_argument("name", metavar="NAAM", type=_account_name)
    remove.add_argument("--data-dir", default=None, help=_DATA_DIR_HELP)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse a command line; flags without a command mean `serve`."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["serve", *argv]
    return build_parser().parse_args(argv)


def run_command(args: argparse.Namespace) -> int:
    """Run a command other than `serve`; return the exit status."""
    from facilitator.access import passwords

    from . import account_commands, commands, screening_commands, theme_commands

    if args.command == "set-password" and args.facilitator:
        return account_commands.reset_account_password(args)
    handler = {"check-sessions": commands.check_sessions, "export": commands.export, "demo": commands.demo,
               "set-password": passwords.set_password_command,
               "add-facilitator": account_commands.add_facilitator,
               "list-facilitators": account_commands.list_facilitators,
               "remove-facilitator": account_commands.remove_facilitator,
               "screen": screening_commands.screen, "prepare-screening": screening_commands.prepare,
               "themes": theme_commands.themes}
    return handler[args.command](args)
