"""JSON for Socket.IO packets and API bodies that cannot crash a handler or go unanswered.

python-socketio parses the event name, the ack id and then the JSON of a packet. When that
JSON is too large, too deep or not JSON at all, the library would raise, log a traceback and
leave the client without an ack. `SocketJson.loads` instead turns such a packet into the
event `MALFORMED_EVENT`, which every namespace answers with a `bad_payload` ack.

Packets broken below the JSON (an unknown packet type, an ack id of 100 digits, a binary or
CONNECT_ERROR packet from a client, an event without a name) make python-socketio raise inside
Engine.IO's message handler, which logs a full traceback. `QuietMalformedPackets` turns those
into one line without the packet's content; errors raised in our own code keep their traceback.
"""
from __future__ import annotations

import json
import logging
import traceback
from typing import Any

from engineio import json as engineio_json

# Far above a real message (an answer is well under 2 KiB); below the transport's own limit.
MAX_MESSAGE_CHARS = 64 * 1024
MALFORMED_EVENT = "\x00malformed"
_REASONS = {
    "too_large": "Dit bericht is te groot (maximaal 64 KiB).",
    "unreadable": "Dit bericht is geen leesbare JSON of is te diep genest.",
}


def loads(text: Any, *args: Any, **kwargs: Any) -> Any:
    """JSON as python-socketio expects it, or [MALFORMED_EVENT, reason] for an unreadable packet."""
    if len(text) > MAX_MESSAGE_CHARS:
        return [MALFORMED_EVENT, "too_large"]
    try:
        return engineio_json.loads(text, *args, **kwargs)
    except (ValueError, RecursionError):  # RecursionError: nested thousands of levels deep
        return [MALFORMED_EVENT, "unreadable"]


def malformed_ack(event: Any, args: Any = ()) -> dict[str, Any] | None:
    """The `bad_payload` ack for a packet `loads` could not read; None for any other event."""
    if event != MALFORMED_EVENT:
        return None
    reason = args[0] if args and args[0] in _REASONS else "unreadable"
    return {"ok": False, "error": "bad_payload", "message": _REASONS[reason]}


def loads_body(text: str) -> Any:
    """A JSON request body, or ValueError (also for nesting too deep to parse)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deep") from None


class SocketJson:
    """The module-like object python-socketio's Packet uses for (de)serialising."""

    dumps = staticmethod(json.dumps)
    loads = staticmethod(loads)


# The library's own messages for broken packets (fixed texts: they hold nothing the client sent).
_KNOWN_MESSAGES = {"Unknown packet type.", "id field is too long", "Unexpected binary packet",
                   "Unexpected CONNECT_ERROR packet.", "Unexpected binary attachment"}
_LIBRARIES = ("/socketio/", "/engineio/", "\\socketio\\", "\\engineio\\")


class QuietMalformedPackets(logging.Filter):
    """On Engine.IO's logger: a packet the library itself could not handle is one quiet line, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info or not str(record.msg).endswith("handler error"):
            return True
        error = record.exc_info[1]
        frames = traceback.extract_tb(record.exc_info[2])
        if error is None or not frames or not any(part in frames[-1].filename for part in _LIBRARIES):
            return True  # raised in our code: a bug, keep the traceback
        detail = str(error) if str(error) in _KNOWN_MESSAGES else ""
        record.msg, record.args = "refused an unreadable Socket.IO packet (%s%s)", (
            type(error).__name__, f": {detail}" if detail else "")
        record.exc_info, record.exc_text, record.levelno, record.levelname = None, None, logging.WARNING, "WARNING"
        return True


def quiet_malformed_packets() -> None:
    """Install the filter on Engine.IO's logger (once)."""
    logger = logging.getLogger("engineio.server")
    if not any(isinstance(f, QuietMalformedPackets) for f in logger.filters):
        logger.addFilter(QuietMalformedPackets())
