"""The shipped deploy files say what the server understands."""
from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from facilitator.commandline.cli import parse_args

DEPLOY = Path(__file__).resolve().parents[1] / "docs" / "deploy"


def test_systemd_unit_runs_a_valid_serve_command_behind_the_proxy():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(DEPLOY / "leersessie.service", encoding="utf-8")
    command = shlex.split(unit["Service"]["ExecStart"])
    assert command[0].endswith("/bin/leersessie")
    args = parse_args(command[1:])  # exits (fails the test) on an unknown flag
    assert args.command == "serve" and args.host == "127.0.0.1" and args.behind_proxy
    assert args.public_url.startswith("https://") and args.data_dir == "/var/lib/leersessie"
    assert unit["Service"]["User"] == "leersessie" and unit["Install"]["WantedBy"] == "multi-user.target"


def test_caddyfile_proxies_to_the_unit_and_keeps_no_access_log():
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    active = [line.strip() for line in caddyfile.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert "reverse_proxy 127.0.0.1:5000" in active
    site = caddyfile[caddyfile.index("leersessie.example.org {"):]
    assert not any(line.split()[0] == "log" for line in site.splitlines() if line.strip()), "an access log"
    assert "request>remote_ip delete" in caddyfile and "request>client_ip delete" in caddyfile


def test_template_unit_runs_one_process_per_port_on_the_message_queue():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(DEPLOY / "leersessie@.service", encoding="utf-8")
    command = shlex.split(unit["Service"]["ExecStart"].replace("%i", "5001"))
    args = parse_args(command[1:])
    assert args.command == "serve" and args.port == 5001 and args.host == "127.0.0.1" and args.behind_proxy
    assert args.message_queue == "redis://127.0.0.1:6379/0" and args.data_dir == "/var/lib/leersessie"
    assert "redis-server.service" in unit["Unit"]["Requires"]


def test_caddyfile_for_processes_keeps_browsers_on_one_process():
    caddyfile = (DEPLOY / "Caddyfile.processes").read_text(encoding="utf-8")
    active = [line.strip() for line in caddyfile.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert "reverse_proxy 127.0.0.1:5001 127.0.0.1:5002 {" in active
    assert any(line.startswith("lb_policy cookie") for line in active)
    assert not any(line.split()[0] == "log" for line in active), "an access log"
