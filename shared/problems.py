"""Problem documents (RFC 9457): the one shape of every error answer every service gives.

``type`` is a stable URI per error class and ``code`` its last segment, for programs to switch
on; ``title`` and ``detail`` are read by people, in the language ``Accept-Language`` asks for
(Vietnamese unless it prefers English); ``errors`` names each field at fault with its own
``code`` and ``message``. Framework-free, so the HTTP edge (``shared.limits``,
``shared.server``) answers in the same shape as the routes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Final

from shared.messages import N_, Phrase, known, said, text

MEDIA_TYPE: Final = "application/problem+json"
TYPE_BASE: Final = "https://homeward.example/problems/"


@dataclass(frozen=True)
class ProblemClass:
    """One class of error: its code, HTTP status and title."""

    code: str
    status: int
    title: str

    @property
    def type(self) -> str:
        """Returns the stable URI naming the class."""
        return TYPE_BASE + self.code


def _classes(*classes: ProblemClass) -> dict[str, ProblemClass]:
    return {c.code: c for c in classes}


CLASSES: Final = _classes(
    ProblemClass("bad_request", 400, N_("The request cannot be read")),
    ProblemClass("unauthenticated", 401, N_("Authentication is required")),
    ProblemClass("forbidden", 403, N_("Not allowed")),
    ProblemClass("out_of_scope", 403, N_("Outside your area")),
    ProblemClass("not_allowed", 403, N_("This decision is not yours to take")),
    ProblemClass("not_found", 404, N_("Not found")),
    ProblemClass("method_not_allowed", 405, N_("Method not allowed")),
    ProblemClass("not_acceptable", 406, N_("No acceptable representation")),
    ProblemClass("conflict", 409, N_("Conflicts with the current state")),
    ProblemClass("idempotency_in_progress", 409, N_("The same request is still being processed")),
    ProblemClass("too_large", 413, N_("Request too large")),
    ProblemClass("unsupported_media_type", 415, N_("Unsupported media type")),
    ProblemClass("validation_failed", 422, N_("The request has invalid fields")),
    ProblemClass("too_many_requests", 429, N_("Too many requests")),
    ProblemClass("headers_too_large", 431, N_("Request headers too large")),
    ProblemClass("internal_error", 500, N_("Internal error")),
    ProblemClass("unavailable", 503, N_("Service unavailable")),
)
BY_STATUS: Final = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "too_many_requests",
    431: "headers_too_large",
    500: "internal_error",
    503: "unavailable",
}
STATUS_DETAILS: Final = {
    400: N_("the request cannot be read"),
    401: N_("a bearer token is required"),
    403: N_("the request is not allowed"),
    404: N_("no such resource"),
    405: N_("the resource does not accept this method"),
    406: N_("the resource cannot answer in an accepted media type"),
    409: N_("the request conflicts with the current state"),
    413: N_("the request is too large"),
    415: N_("the request's media type is not accepted"),
    422: N_("the request has invalid fields"),
    429: N_("too many requests"),
    431: N_("the request headers are too large"),
    500: N_("an internal error; it has been logged"),
    503: N_("the service is unavailable; try again"),
}
"""The detail said for a status when nothing more precise is known (a framework's own 404)."""

GENERIC_FIELD_MESSAGE: Final = N_("is not valid")


@dataclass(frozen=True)
class FieldProblem:
    """One field at fault: where, which rule (``code``) and the catalogue message."""

    loc: tuple[str | int, ...]
    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)


def class_for_status(status: int) -> ProblemClass:
    """Returns the class of a bare HTTP status (4xx/5xx), generic when none is named."""
    code = BY_STATUS.get(status)
    if code is not None:
        return CLASSES[code]
    return ProblemClass("bad_request" if status < 500 else "internal_error", status, "")


def pointer(loc: Sequence[str | int]) -> str | None:
    """Returns the JSON pointer (RFC 6901, as a URI fragment) of a body location."""
    if not loc or loc[0] != "body":
        return None
    parts = (str(p).replace("~", "~0").replace("/", "~1") for p in loc[1:])
    return "#/" + "/".join(parts) if len(loc) > 1 else "#"


def _loc_name(loc: Sequence[str | int]) -> str:
    shown = (
        loc[1:] if loc and loc[0] in ("body", "query", "path", "header") and len(loc) > 1 else loc
    )
    return ".".join(str(p) for p in shown)


def _said(params: Mapping[str, Any], language: str) -> dict[str, Any]:
    """Returns the parameters to fill in, each catalogue word among them translated."""
    return {
        k: text(v, language) if isinstance(v, str) and known(v, language) else _plain(v)
        for k, v in params.items()
    }


def field_entry(error: FieldProblem, language: str) -> dict[str, Any]:
    """Returns one ``errors[]`` member."""
    entry: dict[str, Any] = {
        "loc": list(error.loc),
        "code": error.code,
        "message": text(error.message, language, **_said(error.params, language)),
    }
    found = pointer(error.loc)
    if found is not None:
        entry["pointer"] = found
    return entry


def document(
    code: str,
    language: str,
    *,
    detail: str | None = None,
    params: Mapping[str, Any] | None = None,
    errors: Iterable[FieldProblem] = (),
    status: int | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Returns a problem document of class ``code``; ``detail`` is a catalogue message (the
    fields' messages, joined, when there are fields and no detail)."""
    kind = CLASSES.get(code) or class_for_status(status or 500)
    answer_status = status or kind.status
    entries = [field_entry(e, language) for e in errors]
    if detail is not None:
        said = text(detail, language, **_said(params or {}, language))
    elif entries:
        said = "; ".join(f"{_loc_name(e['loc'])}: {e['message']}" for e in entries)
    else:
        said = text(STATUS_DETAILS.get(answer_status, STATUS_DETAILS[500]), language)
    body: dict[str, Any] = {
        **{k: _member(v, language) for k, v in (extensions or {}).items()},
        "type": kind.type,
        "title": text(kind.title, language) if kind.title else "",
        "status": answer_status,
        "detail": said,
        "code": kind.code,
        "errors": entries,
    }
    return body


def _member(value: Any, language: str) -> Any:
    """Returns a member a class adds: a catalogue phrase said in ``language``, else as is."""
    if isinstance(value, Phrase):
        return said(value, language)
    return _plain(value)


def encode(body: Mapping[str, Any]) -> bytes:
    """Returns a problem document as the bytes of an answer."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def headers(language: str, length: int) -> list[tuple[bytes, bytes]]:
    """Returns the raw headers of a problem answer of ``length`` bytes."""
    return [
        (b"content-type", MEDIA_TYPE.encode()),
        (b"content-language", language.encode()),
        (b"content-length", str(length).encode()),
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(getattr(value, "value", value))


def validation_message(error: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """Returns the catalogue message and parameters of one of pydantic's errors."""
    kind = str(error["type"])
    context = dict(error.get("ctx") or {})
    message = VALIDATION_MESSAGES.get(kind, GENERIC_FIELD_MESSAGE)
    cause = context.pop("error", None)
    if kind == "value_error" and cause is not None:
        said = str(cause)
        # A validator's own message names the rule: shown when the catalogue has it.
        message = said if known(said, "vi") else GENERIC_FIELD_MESSAGE
    return message, context


# pydantic's error types, each with the catalogue message it is shown as; a type not listed is
# shown as GENERIC_FIELD_MESSAGE (its code still names it).
VALIDATION_MESSAGES: Final = {
    "missing": N_("is required"),
    "extra_forbidden": N_("is not a field of this request"),
    "string_type": N_("must be text"),
    "string_unicode": N_("must be text"),
    "string_too_short": N_("must have at least {min_length} characters"),
    "string_too_long": N_("must have at most {max_length} characters"),
    "string_pattern_mismatch": N_("must match the pattern {pattern}"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_parsing_size": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "finite_number": N_("must be a finite number"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "multiple_of": N_("must be a multiple of {multiple_of}"),
    "too_short": N_("must have at least {min_length} items"),
    "too_long": N_("must have at most {max_length} items"),
    "list_type": N_("must be a list"),
    "set_type": N_("must be a list"),
    "frozen_set_type": N_("must be a list"),
    "tuple_type": N_("must be a list"),
    "set_item_not_hashable": N_("must be a list of plain values"),
    "dict_type": N_("must be an object"),
    "model_type": N_("must be an object"),
    "model_attributes_type": N_("must be an object"),
    "date_type": N_("must be a date (YYYY-MM-DD)"),
    "date_parsing": N_("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": N_("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": N_("must be a date (YYYY-MM-DD)"),
    "date_past": N_("must be in the past"),
    "date_future": N_("must be in the future"),
    "datetime_type": N_("must be a date and time (ISO 8601)"),
    "datetime_parsing": N_("must be a date and time (ISO 8601)"),
    "datetime_from_date_parsing": N_("must be a date and time (ISO 8601)"),
    "datetime_object_invalid": N_("must be a date and time (ISO 8601)"),
    "datetime_past": N_("must be in the past"),
    "datetime_future": N_("must be in the future"),
    "timezone_aware": N_("must carry a time zone"),
    "timezone_naive": N_("must not carry a time zone"),
    "time_type": N_("must be a time of day"),
    "time_parsing": N_("must be a time of day"),
    "time_delta_type": N_("must be a duration"),
    "time_delta_parsing": N_("must be a duration"),
    "enum": N_("must be one of {expected}"),
    "literal_error": N_("must be one of {expected}"),
    "uuid_type": N_("must be a UUID"),
    "uuid_parsing": N_("must be a UUID"),
    "url_type": N_("must be a URL"),
    "url_parsing": N_("must be a URL"),
    "url_syntax_violation": N_("must be a URL"),
    "url_scheme": N_("must be a URL of scheme {expected_schemes}"),
    "url_too_long": N_("must have at most {max_length} characters"),
    "decimal_type": N_("must be a number"),
    "decimal_parsing": N_("must be a number"),
    "decimal_max_digits": N_("must have at most {max_digits} digits"),
    "decimal_max_places": N_("must have at most {decimal_places} decimal places"),
    "decimal_whole_digits": N_("must have at most {whole_digits} digits before the point"),
    "bytes_type": N_("must be text"),
    "bytes_too_short": N_("must have at least {min_length} bytes"),
    "bytes_too_long": N_("must have at most {max_length} bytes"),
    "json_invalid": N_("is not valid JSON"),
    "json_type": N_("is not valid JSON"),
    "union_tag_invalid": N_("names an unknown kind: one of {expected_tags}"),
    "union_tag_not_found": N_("must name its kind in {discriminator}"),
    "none_required": N_("must be empty"),
    "value_error": N_("is not valid"),
    "assertion_error": N_("is not valid"),
    "recursion_loop": N_("is not valid"),
    "iterable_type": N_("must be a list"),
    "string_nul": N_("text may not contain the NUL character (U+0000)"),
}

RECORD_NAMES: Final = (
    N_("reference"),
    N_("job_order"),
    N_("review"),
    N_("job"),
    N_("enrolment"),
    N_("province_code"),
)
"""The record names an access check may find missing (a path parameter's name, less ``_id``)."""
