"""The CloudEvents 1.0 envelope and its Kafka protocol binding (binary content mode)."""

from __future__ import annotations

import functools
import json
import re
import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from shared.dates import representable_in_utc
from shared.events.catalogue import CATALOGUE, EventCatalogue, EventPayload, UnknownEventError
from shared.limits import CORRELATION_ID
from shared.numbers import (
    NumberOutOfRangeError,
    check_json_numbers,
    json_constant,
    json_float,
    json_int,
)

Headers = list[tuple[str, bytes]]
DATASCHEMA_PATTERN = re.compile(r"^urn:homeward:schema:(?P<type>[a-z0-9.\-]+):v(?P<version>\d+)$")
CONTENT_TYPE: Literal["application/json"] = "application/json"
_ATTRIBUTES = (
    "specversion",
    "id",
    "source",
    "type",
    "subject",
    "time",
    "dataschema",
    "sequence",
    "correlationid",
    "causationid",
)
_HEADER_ATTRIBUTES = {f"ce_{name}": name for name in _ATTRIBUTES}


class EventEnvelope(BaseModel):
    """One event: CloudEvents attributes, Homeward's extensions, and the raw payload."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    specversion: Literal["1.0"] = "1.0"
    id: str
    type: str
    source: str
    time: AwareDatetime
    subject: str
    dataschema: str
    datacontenttype: Literal["application/json"] = CONTENT_TYPE
    sequence: int
    correlationid: str = Field(pattern=f"^{CORRELATION_ID.pattern}$")
    causationid: str | None = Field(default=None, max_length=128)
    data: dict[str, Any]

    @field_validator("time")
    @classmethod
    def _representable_in_utc(cls, value: datetime) -> datetime:
        # Year 9999 with a negative offset is year 10000 in UTC: no datetime, no BSON date.
        try:
            return representable_in_utc(value)
        except ValueError as exc:
            raise ValueError(f"time {exc}") from None

    @property
    def version(self) -> int:
        """The payload's schema version, read from ``dataschema``."""
        return schema_version(self.dataschema)


@functools.lru_cache(maxsize=1024)
def schema_version(dataschema: str) -> int:
    """The schema version a ``dataschema`` names (read once per distinct value)."""
    match = DATASCHEMA_PATTERN.match(dataschema)
    if match is None:
        raise InvalidEventError(f"dataschema {dataschema!r} is not a Homeward schema")
    return int(match["version"])


class UndecodableEventError(ValueError):
    """The Kafka record is not a CloudEvent we can read; the reason holds no field values."""


class InvalidEventError(ValueError):
    """The event decodes but its payload breaks its schema; the reason holds no field values."""


def new_event(
    payload: EventPayload,
    *,
    event_id: str,
    subject: str,
    sequence: int,
    source: str,
    time: datetime,
    correlation_id: str,
    causation_id: str | None = None,
) -> EventEnvelope:
    """Wraps a payload in an envelope; ids and time come from the caller (the domain is pure).

    Raises InvalidEventError for a payload holding a number that cannot be published (not
    finite, or an integer beyond 64 bits), so no such event is ever stored.
    """
    spec = CATALOGUE.spec(payload.event_type, payload.event_version)
    data = payload.model_dump(mode="json")
    try:
        check_json_numbers(data)
    except NumberOutOfRangeError as exc:
        raise InvalidEventError(f"{spec.type} v{spec.version}: {exc}") from None
    return EventEnvelope(
        id=event_id,
        type=spec.type,
        source=source,
        time=time,
        subject=subject,
        dataschema=spec.dataschema,
        sequence=sequence,
        correlationid=correlation_id,
        causationid=causation_id,
        data=data,
    )


def stamp_events(
    payloads: list[EventPayload],
    *,
    subject: str,
    after_sequence: int,
    source: str,
    correlation_id: str,
    now: datetime,
    causation_id: str | None = None,
) -> list[EventEnvelope]:
    """Wraps a use case's payloads in envelopes numbered after the aggregate's last sequence."""
    return [
        new_event(
            payload,
            event_id=str(uuid.uuid4()),
            subject=subject,
            sequence=after_sequence + offset,
            source=source,
            time=now,
            correlation_id=correlation_id,
            causation_id=causation_id,
        )
        for offset, payload in enumerate(payloads, start=1)
    ]


def to_kafka(
    event: EventEnvelope, data: dict[str, Any] | None = None
) -> tuple[bytes, bytes, Headers]:
    """Returns (key, value, headers): attributes as ``ce_`` headers, the payload (or ``data``
    in its place: the payload with its personal fields sealed) as value."""
    headers: Headers = [("content-type", CONTENT_TYPE.encode())]
    for name in _ATTRIBUTES:
        value = getattr(event, name)
        if value is None:
            continue
        text = value.isoformat() if isinstance(value, datetime) else str(value)
        headers.append((f"ce_{name}", text.encode()))
    value_bytes = json.dumps(
        event.data if data is None else data,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    ).encode()
    return event.subject.encode(), value_bytes, headers


_JSON = json.JSONDecoder(parse_int=json_int, parse_float=json_float, parse_constant=json_constant)
"""``json.loads`` with these hooks, made once instead of for every record."""


def from_kafka(
    value: bytes | None, headers: Headers | tuple[tuple[str, bytes], ...]
) -> EventEnvelope:
    """Reads a binary-mode CloudEvent from a Kafka record, or raises UndecodableEventError."""
    attributes: dict[str, Any] = {}
    for name, raw in headers:
        attribute = _HEADER_ATTRIBUTES.get(name)
        if attribute is None:
            if not name.startswith("ce_"):
                continue
            attribute = name[3:]
        try:
            attributes[attribute] = raw.decode()
        except UnicodeDecodeError:
            raise UndecodableEventError(f"header {name} is not UTF-8") from None
    missing = [
        a for a in ("id", "type", "source", "subject", "time", "dataschema") if a not in attributes
    ]
    if missing:
        raise UndecodableEventError(
            f"missing CloudEvents headers: {', '.join('ce_' + m for m in missing)}"
        )
    if value is None:
        raise UndecodableEventError("record has no value")
    try:
        data = _JSON.decode(value.decode())  # UTF-8 by the binding: no encoding to detect
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise UndecodableEventError(
            f"value is not JSON: {type(exc).__name__} at position {getattr(exc, 'pos', '?')}"
        ) from None
    except NumberOutOfRangeError as exc:
        raise UndecodableEventError(f"value holds a number that cannot be stored: {exc}") from None
    if not isinstance(data, dict):
        raise UndecodableEventError("value is not a JSON object")
    attributes.setdefault("sequence", "0")
    try:
        return EventEnvelope(**attributes, data=data)
    except ValidationError as exc:
        raise UndecodableEventError(
            f"bad CloudEvents attributes: {describe_validation_error(exc)}"
        ) from None


def describe_validation_error(exc: ValidationError) -> str:
    """Returns the failing fields and messages of a validation error, never the input values."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False, include_context=False):
        location = ".".join(str(p) for p in error["loc"]) or "(root)"
        parts.append(f"{location}: {error['msg']}")
    return "; ".join(parts)


def decode_payload(event: EventEnvelope, catalogue: EventCatalogue = CATALOGUE) -> EventPayload:
    """Returns the event's payload as the current model of its type, upcasting old versions."""
    try:
        spec, data = catalogue.upcast(event.type, event.version, event.data)
    except UnknownEventError as exc:
        raise InvalidEventError(str(exc)) from None
    try:
        return spec.payload.model_validate(data)
    except ValidationError as exc:
        raise InvalidEventError(
            f"{event.type} v{event.version}: {describe_validation_error(exc)}"
        ) from None
