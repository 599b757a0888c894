"""Errors the domain and service layers raise; the HTTP layer maps them to problem documents.

Pure (no web framework), so domain modules may subclass them. A reason is a message of the
catalogue (``shared/locale``): an English template whose ``{name}`` parameters are passed as
keywords and filled in after translation. ``template`` keeps the message, ``reason`` the
English text with its parameters filled in. Reasons name fields and rules, never the personal
data that failed them.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every rule a request can break."""


class FieldError(DomainError):
    """A field's value breaks a rule: HTTP 422 naming the field (of the body, unless ``source``
    names the query, a path parameter or a header)."""

    def __init__(
        self,
        field: str,
        reason: str,
        kind: str = "value_error",
        *,
        source: str = "body",
        **params: Any,
    ) -> None:
        super().__init__(f"{field}: {_filled(reason, params)}")
        self.field = field
        self.template = reason
        self.reason = _filled(reason, params)
        self.kind = kind
        self.source = source
        self.params = params


class InvalidFieldsError(DomainError):
    """Several fields break rules at once: HTTP 422 naming each."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class ConflictError(DomainError):
    """The request conflicts with the current state: HTTP 409 naming the conflict. The
    ``details`` fill the reason's parameters and travel as members of the answer."""

    def __init__(self, reason: str, **details: Any) -> None:
        super().__init__(_filled(reason, details))
        self.template = reason
        self.reason = _filled(reason, details)
        self.details = details


class OutOfScopeError(DomainError):
    """The caller may not create or change a record there (another commune, another firm): 403."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(_filled(reason, params))
        self.template = reason
        self.reason = _filled(reason, params)
        self.params = params


class NotAllowedError(DomainError):
    """The caller may not take this decision (the maker checking their own change, a role the
    rules do not name): HTTP 403 naming why."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(_filled(reason, params))
        self.template = reason
        self.reason = _filled(reason, params)
        self.params = params


class NotFoundError(DomainError):
    """No such record, or not one the caller may see: HTTP 404. ``what`` is a catalogue noun."""

    def __init__(self, what: str, key: str) -> None:
        super().__init__(f"{what} {key} not found")
        self.what = what
        self.key = key


class UnauthenticatedError(DomainError):
    """The request carries no token the service can trust: HTTP 401."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(_filled(reason, params))
        self.template = reason
        self.reason = _filled(reason, params)
        self.params = params


class ForbiddenError(DomainError):
    """The caller's role may not do this at all: HTTP 403."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(_filled(reason, params))
        self.template = reason
        self.reason = _filled(reason, params)
        self.params = params


class TooManyRequestsError(DomainError):
    """The caller used up a rate limit: HTTP 429 with ``Retry-After`` seconds."""

    def __init__(self, reason: str, retry_after_s: int, **params: Any) -> None:
        super().__init__(_filled(reason, params))
        self.template = reason
        self.reason = _filled(reason, params)
        self.retry_after_s = retry_after_s
        self.params = params


def _filled(reason: str, params: dict[str, Any]) -> str:
    """Returns the reason with its parameters filled in (as it is, without parameters)."""
    return reason.format_map(_Shown(params)) if params else reason


class _Shown(dict[str, Any]):
    """Formatting parameters that leave an unknown ``{name}`` as it is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
