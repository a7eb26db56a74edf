"""Domain errors. Each carries a stable code for clients and a Dutch message for people."""
from __future__ import annotations


class DomainError(Exception):
    """A rule of the live session refused the request; nothing was changed."""

    code = "refused"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotFound(DomainError):
    code = "not_found"


class InvalidAnswer(DomainError):
    code = "invalid_answer"


class QuestionClosed(DomainError):
    code = "question_closed"


class Conflict(DomainError):
    code = "conflict"


class SessionFileError(Exception):
    """A session file is invalid; `errors` holds one 'file: step n (type): field …' line each."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


class BadPayload(DomainError):
    code = "bad_payload"


class RateLimited(DomainError):
    code = "rate_limited"


class Forbidden(DomainError):
    code = "forbidden"
