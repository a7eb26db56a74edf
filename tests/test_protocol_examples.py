"""docs/protocol.md and the server agree (issue 8.13): every example in its Examples section is replayed."""
from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import step_index

PROTOCOL = Path(__file__).resolve().parents[1] / "docs" / "protocol.md"


def examples() -> list[dict]:
    section = PROTOCOL.read_text(encoding="utf-8").split("## Examples", 1)[1]
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)\n```", section, re.DOTALL)]


def matches(expected, actual) -> bool:
    if expected == "…":
        return True
    if isinstance(expected, dict):
        return isinstance(actual, dict) and set(expected) == set(actual) and all(
            matches(value, actual[key]) for key, value in expected.items())
    return expected == actual


def test_every_protocol_example_gets_the_documented_ack(console, make_phone, running):
    steps = {"$OPEN": step_index(running, "open"), "$WORDS": step_index(running, "words"),
             "$CHOICE": step_index(running, "choice")}
    ids = {name: running.content.steps[index].id for name, index in steps.items()}
    phone = make_phone()
    found = examples()
    assert len(found) >= 10
    for example in found:
        text = json.dumps(example)
        for name, index in steps.items():
            if name in json.dumps(example["data"]):
                ack = console.emit("go_to_step", {"index": index}, namespace="/console", callback=True)
                assert ack["ok"], ack
        for name, step_id in ids.items():
            text = text.replace(f'"{name}"', json.dumps(step_id))
        example = json.loads(text)
        client = console if example["namespace"] == "/console" else phone
        ack = client.emit(example["event"], example["data"], namespace=example["namespace"], callback=True)
        assert matches(example["ack"], ack), (example, ack)
