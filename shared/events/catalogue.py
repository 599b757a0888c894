"""The event catalogue: every event type, its versions, payload model, topic and readers."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from shared.events.topics import Topic

SCHEMA_URN = "urn:homeward:schema:{type}:v{version}"


class EventPayload(BaseModel):
    """Base of every event payload: immutable, unknown fields are ignored on read, and a number
    must be finite."""

    model_config = ConfigDict(extra="ignore", frozen=True, allow_inf_nan=False)
    event_type: ClassVar[str]
    event_version: ClassVar[int]


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
P = TypeVar("P", bound=type[EventPayload])


@dataclass(frozen=True)
class EventSpec:
    """One published version of one event type."""

    type: str
    version: int
    payload: builtins.type[EventPayload]
    topic: Topic
    producer: str
    consumers: tuple[str, ...]
    summary: str
    upcast_from_previous: Upcaster | None = None

    @property
    def dataschema(self) -> str:
        """The CloudEvents ``dataschema`` naming this type and version."""
        return SCHEMA_URN.format(type=self.type, version=self.version)


class UnknownEventError(LookupError):
    """The event type or version is not in the catalogue."""


@dataclass
class EventCatalogue:
    """All event specs by (type, version); the newest version of a type is its current one."""

    specs: dict[tuple[str, int], EventSpec] = field(default_factory=dict)
    # The newest version of each type, kept as specs are registered: asked for every event.
    _current: dict[str, EventSpec] = field(default_factory=dict, repr=False)

    def register(
        self,
        type_: str,
        version: int,
        *,
        topic: Topic,
        producer: str,
        consumers: tuple[str, ...] = (),
        upcast_from_previous: Upcaster | None = None,
    ) -> Callable[[P], P]:
        """Class decorator adding a payload model to the catalogue."""

        def decorate(payload: P) -> P:
            key = (type_, version)
            if key in self.specs:
                raise ValueError(f"{type_} v{version} is already registered")
            if version > 1 and upcast_from_previous is None:
                raise ValueError(f"{type_} v{version} needs an upcaster from v{version - 1}")
            payload.event_type = type_
            payload.event_version = version
            summary = (payload.__doc__ or "").strip().splitlines()[0] if payload.__doc__ else ""
            self.specs[key] = EventSpec(
                type_, version, payload, topic, producer, consumers, summary, upcast_from_previous
            )
            newest = self._current.get(type_)
            if newest is None or version > newest.version:
                self._current[type_] = self.specs[key]
            return payload

        return decorate

    def spec(self, type_: str, version: int) -> EventSpec:
        """Returns the spec of one version, or raises UnknownEventError."""
        try:
            return self.specs[(type_, version)]
        except KeyError:
            raise UnknownEventError(f"unknown event {type_} v{version}") from None

    def current(self, type_: str) -> EventSpec:
        """Returns the newest version of a type."""
        try:
            return self._current[type_]
        except KeyError:
            raise UnknownEventError(f"unknown event type {type_}") from None

    def upcast(
        self, type_: str, version: int, data: dict[str, Any]
    ) -> tuple[EventSpec, dict[str, Any]]:
        """Lifts a payload of an old version, step by step, to the current version."""
        self.spec(type_, version)
        current = self.current(type_)
        while version < current.version:
            version += 1
            step = self.spec(type_, version).upcast_from_previous
            assert step is not None  # enforced by register()
            data = step(data)
        return current, data

    def types(self) -> list[str]:
        """Returns every event type, sorted."""
        return sorted({t for (t, _) in self.specs})


CATALOGUE = EventCatalogue()
"""The one catalogue every service registers its payloads in (see shared/contracts)."""
