"""A flood of wrong logins freezes nothing (issue 8.2): real server, 1,000 wrong passwords at once."""
from __future__ import annotations

import re
import secrets
import threading
import time

import pytest
import requests

from tests.server_process import ServerProcess, console_client, login, phone_client, start_live
from tests.test_integration_server import OPEN_INDEX, OPEN_STEP

pytestmark = pytest.mark.timeout(240)
FLOOD_THREADS = 25
PER_THREAD = 40
_CSRF_INPUT = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


def form_session(server) -> tuple[requests.Session, str]:
    http = requests.Session()
    page = http.get(server.url + "/login", timeout=10)
    found = _CSRF_INPUT.search(page.text)
    assert found, page.text[:2000]
    return http, found.group(1)


def flood(server, statuses: list, stop_at: float) -> None:
    http, token = form_session(server)
    for _ in range(PER_THREAD):
        if time.monotonic() > stop_at:
            return
        try:
            # Impatient like the attacker in the issue: do not wait for the answer.
            response = http.post(server.url + "/login", data={"password": "geraden", "csrf_token": token},
                                 allow_redirects=False, timeout=(3, 0.5))
            statuses.append(response.status_code)
        except requests.RequestException:
            statuses.append("timeout")


def test_a_login_flood_leaves_phones_answering_and_the_facilitator_logging_in(tmp_path):
    server = ServerProcess(tmp_path / "data").start()
    try:
        http = login(server)
        code = start_live(http)
        console = console_client(server, http, code)
        assert console.call("go_to_step", {"index": OPEN_INDEX})["ok"]
        phone = phone_client(server, code)
        phone.wait_for("step_changed", lambda data: data["index"] == OPEN_INDEX)

        statuses: list = []
        flooders = [threading.Thread(target=flood, args=(server, statuses, time.monotonic() + 90))
                    for _ in range(FLOOD_THREADS)]
        for thread in flooders:
            thread.start()
        ack_times = []
        for _ in range(3):
            time.sleep(1)
            answer_id = secrets.token_urlsafe(16)
            started = time.monotonic()
            ack = phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP.id,
                                               "value": {"text": "tijdens de vloed"}}, timeout=30)
            ack_times.append(time.monotonic() - started)
            assert ack == {"ok": True, "answer_id": answer_id, "status": "stored"}, ack
        for thread in flooders:
            thread.join(120)
        flood_ended = time.monotonic()
        assert len(statuses) == FLOOD_THREADS * PER_THREAD
        # The bound is 1 s; on a 2-core CI machine shared with the 25 flooding threads of this
        # very test one sample may be scheduled late, so the median must meet it and none may freeze.
        assert sorted(ack_times)[1] < 1.0 and max(ack_times) < 3.0, f"answers during the flood took {ack_times} s"

        facilitator, token = form_session(server)
        while True:
            response = facilitator.post(server.url + "/login", data={"password": server.password, "csrf_token": token},
                                        allow_redirects=False, timeout=10)
            if response.status_code == 302 or time.monotonic() - flood_ended > 5:
                break
            assert response.status_code == 429, response.status_code
            time.sleep(0.2)
        logged_in_after = time.monotonic() - flood_ended
        assert response.status_code == 302 and logged_in_after < 5, (response.status_code, logged_in_after)
        assert facilitator.get(server.url + "/console", timeout=10).status_code == 200
        counted = {status: statuses.count(status) for status in set(statuses)}
        # Nearly all refused at once, unhashed ("timeout": the flooder's own 0.5 s impatience on a busy machine).
        assert set(counted) <= {401, 429, "timeout"} and counted.get(429, 0) >= 900, counted
        print(f"flood: {counted}; acks during the flood {[round(t, 3) for t in ack_times]} s; "
              f"logged in {logged_in_after:.2f} s after the flood")
        phone.close()
        console.close()
    finally:
        server.stop()
    assert "Traceback" not in server.log_text()
