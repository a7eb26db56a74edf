"""The command line: demo and export, run as a user would (subprocess)."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args):
    return subprocess.run([sys.executable, "run.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """A data dir with the six demo sessions, 40 answers each."""
    data_dir = tmp_path_factory.mktemp("demo")
    result = run_cli("demo", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    codes = re.findall(r"^([A-Z2-9]{6})  ", result.stdout, re.M)
    assert len(codes) == 6, result.stdout
    return data_dir, codes


def test_demo_creates_six_finished_sessions_with_answers(demo_dir):
    data_dir, codes = demo_dir
    from sessions.store.database import Store

    store = Store(data_dir / "leersessie.db")
    lives = store.list_lives()
    assert len(lives) == 6 and all(not live.is_live for live in lives)
    for live in lives:
        answers = store.answers_for_live(live.id)
        assert len(answers) == 40
        assert {a.step_id for a in answers} == {s.id for s in live.content.questions}
    everything = [a for live in lives for a in store.answers_for_live(live.id)]
    assert any(a.hidden for a in everything) and any(a.starred for a in everything)


def test_export_pdf_and_csv(demo_dir, tmp_path):
    data_dir, codes = demo_dir
    pdf = tmp_path / "bundel.pdf"
    result = run_cli("export", *codes[:2], "--data-dir", str(data_dir), "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    out = tmp_path / "een.csv"
    assert run_cli("export", codes[0], "--data-dir", str(data_dir), "-o", str(out), "--format", "csv").returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert len(rows) > 30  # header + visible answers (some demo answers are hidden)
    sheet = tmp_path / "een.xlsx"
    assert run_cli("export", codes[0], "--data-dir", str(data_dir), "-o", str(sheet), "--format",
                   "xlsx").returncode == 0
    from openpyxl import load_workbook
    assert load_workbook(sheet).sheetnames[0] == "Tellingen"
    data = tmp_path / "een.json"
    assert run_cli("export", codes[0], "--data-dir", str(data_dir), "-o", str(data), "--format", "json").returncode == 0
    assert json.loads(data.read_text(encoding="utf-8"))


def test_export_docx_with_and_without_a_template(demo_dir, tmp_path):
    from docx import Document
    from docx.shared import RGBColor

    data_dir, codes = demo_dir
    out = tmp_path / "bundel.docx"
    result = run_cli("export", *codes, "--data-dir", str(data_dir), "--format", "docx", "-o", str(out))
    assert result.returncode == 0, result.stderr
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 6 and str(document.styles["Heading 1"].font.color.rgb) == "0F4C5C"
    template = Document()
    template.styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0, 0)
    template.save(str(tmp_path / "huisstijl.docx"))
    styled = tmp_path / "huisstijl-bundel.docx"
    result = run_cli("export", codes[0], "--data-dir", str(data_dir), "--format", "docx", "-o", str(styled),
                     "--template", str(tmp_path / "huisstijl.docx"))
    assert result.returncode == 0, result.stderr
    assert str(Document(str(styled)).styles["Heading 1"].font.color.rgb) == "C00000"
    (tmp_path / "macro.docm").write_bytes((tmp_path / "huisstijl.docx").read_bytes())
    refused = run_cli("export", codes[0], "--data-dir", str(data_dir), "--format", "docx", "-o", str(styled),
                      "--template", str(tmp_path / "macro.docm"))
    assert refused.returncode == 1 and "macro" in refused.stderr
    missing = run_cli("export", codes[0], "--data-dir", str(data_dir), "--format", "docx", "-o", str(styled),
                      "--template", str(tmp_path / "bestaat-niet.dotx"))
    assert missing.returncode == 1 and "Kan" in missing.stderr
    wrong = run_cli("export", codes[0], "--data-dir", str(data_dir), "-o", str(styled),
                    "--template", str(tmp_path / "huisstijl.docx"))
    assert wrong.returncode == 2 and "--format docx" in wrong.stderr
    # Without --template the export uses the template uploaded in the console (kept in the data dir).
    stored = data_dir / "word-sjabloon.docx"
    stored.write_bytes((tmp_path / "huisstijl.docx").read_bytes())
    try:
        result = run_cli("export", codes[0], "--data-dir", str(data_dir), "--format", "docx", "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert str(Document(str(out)).styles["Heading 1"].font.color.rgb) == "C00000"
    finally:
        stored.unlink()


def test_export_errors(demo_dir, tmp_path):
    data_dir, codes = demo_dir
    unknown = run_cli("export", "ZZZZZZ", "--data-dir", str(data_dir), "-o", str(tmp_path / "x.pdf"))
    assert unknown.returncode == 1 and "onbekende code" in unknown.stderr
    unwritable = run_cli("export", codes[0], "--data-dir", str(data_dir), "-o",
                         str(tmp_path / "geen" / "map" / "x.pdf"))
    assert unwritable.returncode == 1 and "kan" in unwritable.stderr
    bad_format = run_cli("export", codes[0], "--data-dir", str(data_dir), "-o", "x", "--format", "odt")
    assert bad_format.returncode == 2 and "usage:" in bad_format.stderr
    assert run_cli("demo", "--responses", "veel").returncode == 2


def test_async_mode_is_read_before_imports_like_main_reads_the_command():
    from run import _requested_async_mode

    assert _requested_async_mode([]) == "eventlet"
    assert _requested_async_mode(["--port", "5000"]) == "eventlet"
    assert _requested_async_mode(["serve", "--async-mode", "gevent"]) == "gevent"
    assert _requested_async_mode(["--async-mode=gevent"]) == "gevent"
    assert _requested_async_mode(["check-sessions", "serve"]) is None
    assert _requested_async_mode(["serve", "--help"]) is None


def test_server_log_lines_carry_no_address_or_user_agent():
    import logging

    from web.logs import LogStream, server_logger

    logger = server_logger()
    assert server_logger() is logger and len(logger.handlers) == 1
    lines: list[str] = []
    catcher = logging.Handler()
    catcher.emit = lambda record: lines.append(record.getMessage())
    logger.addHandler(catcher)
    try:
        LogStream(logger).write("{'REMOTE_ADDR': '192.168.1.23', 'HTTP_USER_AGENT': 'Mozilla/5.0 (iPhone)'} failed\n")
        logger.error("client=%s peer ('::1', 5000)", "10.0.0.7")
    finally:
        logger.removeHandler(catcher)
    printed = "\n".join(lines)
    for secret in ("192.168.1.23", "iPhone", "10.0.0.7", "'::1'"):
        assert secret not in printed
    assert printed.count("[adres]") == 3 and "[weggelaten]" in printed
