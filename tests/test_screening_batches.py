"""The worker's batch protocol: texts that arrived together go in one line and come back in one line."""
from __future__ import annotations

import io
import json

from sessions.screening.rules import Finding
from sessions.screening.screener import ScreenResult
from sessions.screening.worker import serve


class FakeScreener:
    """Finds 'Sanne' as a name; a text 'boem' makes it fail."""

    def screen(self, text: str) -> ScreenResult:
        if text == "boem":
            raise RuntimeError("kapot")
        start = text.find("Sanne")
        return ScreenResult((Finding(start, start + 5, "naam"),) if start >= 0 else ())


def run_worker(*requests: dict) -> list[dict]:
    replies = io.BytesIO()
    lines = [json.dumps(request).encode("ascii") + b"\n" for request in requests]
    assert serve(iter(lines), replies, FakeScreener) == 0
    return [json.loads(line) for line in replies.getvalue().splitlines()]


def test_a_batch_is_answered_in_one_line_in_order():
    ready, reply = run_worker({"batch": [[1, "bij Sanne"], [2, "rust"], [3, "boem"], [4, "Sanne!"]]})
    assert ready["ready"] is True
    assert reply == {"replies": [[1, [[4, 9, "naam"]]], [2, []], [3, None], [4, [[0, 5, "naam"]]]]}


def test_a_single_request_still_works_and_a_bad_line_does_not_end_the_worker():
    _, bad, single = run_worker({"batch": "geen lijst"}, {"id": 7, "text": "Sanne"})
    assert "error" in bad
    assert single == {"id": 7, "findings": [[0, 5, "naam"]]}
