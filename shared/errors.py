"""Errors the domain and service layers raise; the HTTP layer maps them to status codes.

Pure (no web framework), so domain modules may subclass them. Messages name fields and rules,
never the personal data that failed them.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every rule a request can break."""


class FieldError(DomainError):
    """A field's value breaks a rule: HTTP 422 naming the field."""

    def __init__(self, field: str, reason: str, kind: str = "value_error") -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.kind = kind


class InvalidFieldsError(DomainError):
    """Several fields break rules at once: HTTP 422 naming each."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class ConflictError(DomainError):
    """The request conflicts with the current state: HTTP 409 naming the conflict."""

    def __init__(self, reason: str, **details: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details


class OutOfScopeError(DomainError):
    """The caller may not create or change a record there (another commune, another firm): 403."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotAllowedError(DomainError):
    """The caller may not take this decision (the maker checking their own change, a role the
    rules do not name): HTTP 403 naming why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotFoundError(DomainError):
    """No such record, or not one the caller may see: HTTP 404."""

    def __init__(self, what: str, key: str) -> None:
        super().__init__(f"{what} {key} not found")
        self.what = what
        self.key = key
