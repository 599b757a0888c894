"""Which fields of an event payload are personal data, marked in the contracts themselves.

A contract marks a field ``Field(..., json_schema_extra=PERSONAL)`` (or ``personal(withheld=...)``
for a required field). A marked field is sealed on every topic with its worker's data key
(``shared.privacy.sealing``); the withheld value is what a reader gets in its place when it
may not, or can no longer, open it (its worker erased).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from shared.events.catalogue import CATALOGUE, EventCatalogue

PERSONAL_MARK = "personal"
WITHHELD_MARK = "withheld"
PERSONAL: dict[str, Any] = {PERSONAL_MARK: True}
"""``json_schema_extra`` of a personal field whose default stands for it when withheld."""


def personal(*, withheld: Any) -> dict[str, Any]:
    """``json_schema_extra`` of a required personal field: ``withheld`` stands for it when
    a reader may not open it (the empty name, a free-text reason left empty)."""
    return {PERSONAL_MARK: True, WITHHELD_MARK: withheld}


def personal_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The names of a payload model's personal fields, in declaration order."""
    names = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get(PERSONAL_MARK) is True:
            names.append(name)
    return tuple(names)


def withheld_value(model: type[BaseModel], name: str) -> Any:
    """What a personal field holds when withheld: its marked value, else its default."""
    info = model.model_fields[name]
    extra = info.json_schema_extra
    if isinstance(extra, dict) and WITHHELD_MARK in extra:
        return extra[WITHHELD_MARK]
    if info.default is not PydanticUndefined:
        return info.default
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    raise TypeError(f"{model.__name__}.{name} is personal but has no withheld value")


def personal_fields_by_type(
    catalogue: EventCatalogue = CATALOGUE,
) -> dict[tuple[str, int], tuple[str, ...]]:
    """Every published (event type, version) with its personal fields (empty if none)."""
    return {key: personal_fields(spec.payload) for key, spec in sorted(catalogue.specs.items())}


def every_personal_field(catalogue: EventCatalogue = CATALOGUE) -> frozenset[str]:
    """The name of every personal field of every event (a projection that reads them all)."""
    return frozenset(
        name for spec in catalogue.specs.values() for name in personal_fields(spec.payload)
    )


def withheld_data(
    event_type: str, data: dict[str, Any], catalogue: EventCatalogue = CATALOGUE
) -> dict[str, Any]:
    """An event's payload data (as published, any version) with every personal field withheld:
    what a view keeps of an event about an erased worker."""
    specs = [spec for (t, _), spec in catalogue.specs.items() if t == event_type]
    kept = dict(data)
    for spec in specs:
        for name in personal_fields(spec.payload):
            if kept.get(name) is not None:
                kept[name] = withheld_value(spec.payload, name)
    return kept
