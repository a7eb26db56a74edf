"""Start-up traps: a second server on one port or one data dir refuses; join URL, QR and bound address agree."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import requests

from tests.server_process import HOST, REPO_ROOT, ServerProcess, free_port, login, start_live
from web.network import public_base_url, qr_svg

pytestmark = pytest.mark.timeout(120)


def serve(*args) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LEERSESSIE_")}
    env["LEERSESSIE_PASSWORD"] = "test-wachtwoord"
    return subprocess.run([sys.executable, "run.py", "serve", *args], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


@pytest.fixture
def first(tmp_path):
    server = ServerProcess(tmp_path / "first").start()
    yield server
    server.stop()


@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
def test_second_server_on_the_same_port_refuses(first, tmp_path, async_mode):
    for host in (HOST, "0.0.0.0"):
        second = serve("--host", host, "--port", str(first.port), "--data-dir", str(tmp_path / f"second-{host}"),
                       "--async-mode", async_mode)
        assert second.returncode == 1, second.stdout + second.stderr
        assert f"Poort {first.port} is al in gebruik" in second.stderr and "--port" in second.stderr
        assert "Traceback" not in second.stderr
        assert "Leersessie draait" not in second.stdout
    assert requests.get(first.url + "/", timeout=5).status_code == 200
    assert first.running


def test_second_server_on_the_same_data_dir_refuses(first):
    second = serve("--host", HOST, "--port", str(free_port()), "--data-dir", str(first.data_dir))
    assert second.returncode == 1, second.stdout + second.stderr
    assert "datamap" in second.stderr and "al in gebruik" in second.stderr and "--data-dir" in second.stderr
    assert "Traceback" not in second.stderr
    assert requests.get(first.url + "/", timeout=5).status_code == 200


def test_a_crashed_server_leaves_no_stale_lock(tmp_path):
    crashed = ServerProcess(tmp_path / "data").start()
    crashed.kill9()
    again = ServerProcess(tmp_path / "data").start()
    try:
        assert requests.get(again.url + "/", timeout=5).status_code == 200
    finally:
        again.stop()


def test_loopback_server_shows_the_loopback_join_url_everywhere_and_says_so(first):
    printed = first.log_text()
    join_base = f"http://{HOST}:{first.port}/j"
    assert f"Telefoons: {join_base}" in printed
    assert "alleen op deze computer" in printed and "telefoons kunnen niet meedoen" in printed
    http = login(first)
    code = start_live(http)
    page = http.get(f"{first.url}/console/live/{code}", timeout=10).text
    join_url = re.search(r'id="join-url" href="([^"]+)"', page).group(1)
    assert join_url == f"{join_base}/{code}"
    assert 'id="join-warning"' in page and "alleen op deze computer" in page
    qr = requests.get(f"{first.url}/qr/{code}.svg", timeout=10).content
    assert qr == qr_svg(join_url)  # the QR code encodes the same address


def test_join_base_url_follows_the_bound_address(monkeypatch):
    import web.network as network

    monkeypatch.setattr(network, "lan_address", lambda: "192.168.1.20")
    assert public_base_url("127.0.0.1:5000", "http", None, "0.0.0.0") == "http://192.168.1.20:5000"
    assert public_base_url("localhost:5000", "http", None, "::") == "http://192.168.1.20:5000"
    assert public_base_url("127.0.0.1:5000", "http", None, "127.0.0.1") == "http://127.0.0.1:5000"
    assert public_base_url("[::1]:5000", "http", None, "::1") == "http://[::1]:5000"
    assert public_base_url("192.168.1.20:5000", "http", None, "192.168.1.20") == "http://192.168.1.20:5000"
    assert public_base_url("les.example.org", "https", None, "127.0.0.1", behind_proxy=True) == "https://les.example.org"
    assert public_base_url("127.0.0.1:5000", "http", "https://les.example.org/", "127.0.0.1") == "https://les.example.org"
    assert not network.phones_can_reach("http://127.0.0.1:5000") and network.phones_can_reach("http://192.168.1.20:5000")
