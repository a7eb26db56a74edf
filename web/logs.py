"""The server's own log lines, with no participant in them: no IP address, no user agent.

Used by `run.py` for the WSGI servers (eventlet's and gevent's): eventlet logs client addresses
at debug and info level, gevent prints the WSGI environ of a failed request.
"""
from __future__ import annotations

import logging
import re
import sys


class RedactAddresses(logging.Filter):
    """Remove IP addresses and user agents from server log lines: we log nothing about participants."""

    ADDRESS = re.compile(r"(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7})(?![\w.:])")
    # gevent prints the WSGI environ of a failed request, user agent included.
    USER_AGENT = re.compile(r"""(['"]HTTP_USER_AGENT['"]\s*:\s*)(['"]).*?\2""")

    def filter(self, record: logging.LogRecord) -> bool:
        message = self.USER_AGENT.sub(r"\1'[weggelaten]'", record.getMessage())
        record.msg = self.ADDRESS.sub("[adres]", message)
        record.args = ()
        return True


class LogStream:
    """A file-like front for a logger, so text written to it is redacted like every log line."""

    def __init__(self, logger: logging.Logger):
        self.logger = logger

    def write(self, text: str) -> int:
        if text.strip():
            self.logger.error(text.rstrip("\n"))
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered."""


def server_logger() -> logging.Logger:
    """The WSGI server's logger: warnings and errors only, every line redacted."""
    logger = logging.getLogger("leersessie.wsgi")
    if not logger.handlers:
        logger.addFilter(RedactAddresses())  # on the logger: every handler gets redacted lines
        logger.addHandler(logging.StreamHandler(sys.stderr))
    logger.setLevel(logging.WARNING)  # eventlet logs client addresses at debug/info level
    logger.propagate = False
    return logger
