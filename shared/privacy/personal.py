"""Which fields of an event payload are personal data, marked in the contracts themselves.

A contract marks a field ``Field(..., json_schema_extra=PERSONAL)`` (or ``personal(withheld=...)``
for a required field). A marked field is sealed on every topic with its worker's data key
(``shared.privacy.sealing``); the withheld value is what a reader gets in its place when it
may not, or can no longer, open it (its worker erased).

A field of a nested model (a certificate's number) is marked in that model, and named by its
path (``certificate.number``; through a list, ``certificates.number`` names every item's). A
field holding plain dictionaries declares the personal paths inside them itself
(``personal_within({"certificate.number": ""})``).
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from shared.events.catalogue import CATALOGUE, EventCatalogue

PERSONAL_MARK = "personal"
WITHHELD_MARK = "withheld"
WITHIN_MARK = "personal_within"
PERSONAL: dict[str, Any] = {PERSONAL_MARK: True}
"""``json_schema_extra`` of a personal field whose default stands for it when withheld."""


def personal(*, withheld: Any) -> dict[str, Any]:
    """``json_schema_extra`` of a required personal field: ``withheld`` stands for it when
    a reader may not open it (the empty name, a free-text reason left empty)."""
    return {PERSONAL_MARK: True, WITHHELD_MARK: withheld}


def personal_within(paths: dict[str, Any]) -> dict[str, Any]:
    """``json_schema_extra`` of a field of plain dictionaries: the personal paths inside each
    (``certificate.number``), with the value that stands for each withheld."""
    return {WITHIN_MARK: dict(paths)}


def _within(extra: Any) -> dict[str, Any] | None:
    """The personal paths a field of plain dictionaries declares inside them, if any."""
    within = extra.get(WITHIN_MARK) if isinstance(extra, dict) else None
    return within if isinstance(within, dict) else None


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (itself, in a list, or optional), if it holds one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        for argument in typing.get_args(annotation):
            found = _nested_model(argument)
            if found is not None:
                return found
    return None


def personal_fields(model: type[BaseModel], _depth: int = 0) -> tuple[str, ...]:
    """The paths of a payload model's personal fields, in declaration order: a field's name,
    or ``field.inner`` for a field of a model it holds."""
    names = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get(PERSONAL_MARK) is True:
            names.append(name)
            continue
        within = _within(extra)
        if within is not None:
            names += [f"{name}.{inner}" for inner in within]
            continue
        inner_model = _nested_model(info.annotation)
        if inner_model is not None and _depth < 4:
            names += [f"{name}.{inner}" for inner in personal_fields(inner_model, _depth + 1)]
    return tuple(names)


def withheld_value(model: type[BaseModel], name: str) -> Any:
    """What a personal field (or path) holds when withheld: its marked value, else its
    default."""
    head, _, rest = name.partition(".")
    info = model.model_fields[head]
    extra = info.json_schema_extra
    if rest:
        within = _within(extra)
        if within is not None:
            return within[rest]
        inner_model = _nested_model(info.annotation)
        if inner_model is None:
            raise TypeError(f"{model.__name__}.{head} holds no model with {rest}")
        return withheld_value(inner_model, rest)
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
    kept = copy.deepcopy(data)
    for spec in specs:
        for name in personal_fields(spec.payload):
            withheld = withheld_value(spec.payload, name)
            for holder, key, _ in personal_values(kept, name):
                holder[key] = withheld
    return kept


def personal_values(data: dict[str, Any], path: str) -> Iterator[tuple[dict[str, Any], str, str]]:
    """Where a personal path has a value in an event's data: (the dictionary holding it, its
    key, where it is: the path with each list item's index, ``certificates.0.number``)."""
    yield from _values(data, path.split("."), "")


def _values(
    holder: dict[str, Any], parts: list[str], where: str
) -> Iterator[tuple[dict[str, Any], str, str]]:
    head, rest = parts[0], parts[1:]
    value = holder.get(head)
    if value is None:
        return
    if not rest:
        yield holder, head, where + head
    elif isinstance(value, dict):
        yield from _values(value, rest, f"{where}{head}.")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield from _values(item, rest, f"{where}{head}.{index}.")
