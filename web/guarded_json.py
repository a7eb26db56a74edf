"""JSON for Socket.IO packets and API bodies that cannot crash a handler or go unanswered.

python-socketio parses the event name, the ack id and then the JSON of a packet. When that
JSON is too large, too deep or not JSON at all, the library would raise, log a traceback and
leave the client without an ack. `SocketJson.loads` instead turns such a packet into the
event `MALFORMED_EVENT`, which every namespace answers with a `bad_payload` ack.
"""
from __future__ import annotations

import json

from engineio import json as engineio_json

# Far above a real message (an answer is well under 2 KiB); below the transport's own limit.
MAX_MESSAGE_CHARS = 64 * 1024
MALFORMED_EVENT = "\x00malformed"
_REASONS = {
    "too_large": "Dit bericht is te groot (maximaal 64 KiB).",
    "unreadable": "Dit bericht is geen leesbare JSON of is te diep genest.",
}


def loads(text, *args, **kwargs):
    """JSON as python-socketio expects it, or [MALFORMED_EVENT, reason] for an unreadable packet."""
    if len(text) > MAX_MESSAGE_CHARS:
        return [MALFORMED_EVENT, "too_large"]
    try:
        return engineio_json.loads(text, *args, **kwargs)
    except (ValueError, RecursionError):  # RecursionError: nested thousands of levels deep
        return [MALFORMED_EVENT, "unreadable"]


def malformed_ack(event, args=()) -> dict | None:
    """The `bad_payload` ack for a packet `loads` could not read; None for any other event."""
    if event != MALFORMED_EVENT:
        return None
    reason = args[0] if args and args[0] in _REASONS else "unreadable"
    return {"ok": False, "error": "bad_payload", "message": _REASONS[reason]}


def loads_body(text: str):
    """A JSON request body, or ValueError (also for nesting too deep to parse)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deep") from None


class SocketJson:
    """The module-like object python-socketio's Packet uses for (de)serialising."""

    dumps = staticmethod(json.dumps)
    loads = staticmethod(loads)
