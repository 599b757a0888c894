"""Scope beyond the path: records a body or query names, where a change puts its record, and
the filter that keeps a list's items inside the caller's scope.

The rules declare it (``Rule.names``, ``Rule.leaves``, ``Rule.items``); the guard enforces
the first two before the handler runs, and list handlers take the third as ``Within``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request

from shared.auth.principal import NOTHING, Principal, Reach
from shared.auth.rules import Destination, Named, Resource, Rule, Source
from shared.errors import OutOfScopeError

if TYPE_CHECKING:
    from shared.auth.guard import Guard


@dataclass(frozen=True)
class _Place:
    province_code: str
    commune_code: str


async def request_body(request: Request) -> dict[str, Any]:
    """The request's JSON object body; ``{}`` when it has none (validation answers that)."""
    if "json" not in request.headers.get("content-type", ""):
        return {}
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


async def named_value(request: Request, field: str, source: Source) -> str | None:
    """The id a body field or query parameter carries; None when absent or not text."""
    if source is Source.QUERY:
        return request.query_params.get(field)
    value = (await request_body(request)).get(field)
    return value if isinstance(value, str) else None


async def check_named(guard: Guard, request: Request, principal: Principal, rule: Rule) -> None:
    """Refuses (404, as for a record that does not exist) a named record out of scope."""
    for named in rule.names:
        key = await named_value(request, named.field, named.source)
        if key is not None:
            await guard.check_record(request, principal, named.resource, key)


async def check_destination(request: Request, principal: Principal, rule: Rule) -> None:
    """Refuses (403) a change that would put its record outside the caller's area."""
    destination = rule.leaves
    area = principal.area
    if destination is None or area is None:
        return
    place = _place((await request_body(request)).get(destination.field), destination)
    if place is not None and not area.holds(place):
        raise OutOfScopeError(
            "`{field}` is outside your area: a move there is a transfer, "
            "made by someone who covers the destination",
            field=destination.field,
        )


def _place(value: Any, destination: Destination) -> _Place | None:
    if not isinstance(value, dict):
        return None
    province = value.get(destination.province)
    commune = value.get(destination.commune)
    if not isinstance(province, str) or not isinstance(commune, str):
        return None  # the request's own validation refuses it
    canonical = destination.canonical
    if canonical is not None:
        province_code = canonical(province, destination.province_digits)
        commune_code = canonical(commune, destination.commune_digits)
        if province_code is None or commune_code is None:
            return None
        return _Place(province_code, commune_code)
    return _Place(province.strip(), commune.strip())


async def element_key(request: Request, resource: Resource) -> str | None:
    """The id of the item of the record a request names (path first, then body)."""
    element = resource.element
    if element is None:
        return None
    in_path = request.path_params.get(element.param)
    if in_path is not None:
        return str(in_path)
    return await named_value(request, element.param, Source.BODY)


def only_element(document: dict[str, Any], resource: Resource, key: str) -> dict[str, Any]:
    """The record with only the named item in its list (none: the list is empty)."""
    element = resource.element
    assert element is not None
    items = [
        item
        for item in document.get(element.array) or []
        if isinstance(item, dict) and str(item.get(element.id_field)) == key
    ]
    return {**document, element.array: items}


@dataclass(frozen=True)
class ItemScope:
    """What a list may return: its items' filter in the caller's scope, for the store query."""

    principal: Principal
    resource: Resource

    @property
    def everything(self) -> bool:
        return self.principal.reach is Reach.NATION

    @property
    def query(self) -> dict[str, Any]:
        """The filter on the listed records themselves (``{}``: every record)."""
        return self.principal.query(self.resource.fields)

    @property
    def workers(self) -> dict[str, Any] | None:
        """Where the listed records keep no locality (placements): the filter on their workers'
        records that admits an item the record's own filter does not; None: no such way."""
        via = self.resource.via_worker
        if via is None or self.principal.reach not in (Reach.COMMUNE, Reach.PROVINCE):
            return None
        return self.principal.query(via.fields)

    def narrow(
        self, province_code: str | None, commune_code: str | None
    ) -> tuple[str | None, str | None] | None:
        """A list's locality filters narrowed to the caller's area; None: nothing to show."""
        if self.query == NOTHING:
            return None
        return self.principal.narrow(province_code, commune_code)


async def item_scope(request: Request) -> ItemScope:
    """The route's ``items`` rule for the caller; a list route without one is a bug."""
    guard: Guard = request.app.state.guard
    route = request.scope.get("route")
    rule = guard.rules.get((request.method, getattr(route, "path", "")))
    if rule is None or rule.items is None:
        raise RuntimeError("a list route must declare the scope of its items")
    principal: Principal = request.state.principal
    return ItemScope(principal, rule.items)


Within = Annotated[ItemScope, Depends(item_scope)]


def describe(rule: Rule) -> list[str]:
    """What a rule checks scope on, in words, for the security document."""
    checked: list[str] = []
    resource = rule.resource
    if resource is not None:
        checked.append(f"path `{resource.key}`")
        if resource.element is not None:
            checked.append(f"its `{resource.element.array}` item `{resource.element.param}`")
    checked += [f"{n.source.value} `{n.field}`" for n in rule.names]
    if rule.items is not None:
        checked.append(f"each item (`{rule.items.collection}`)")
    if rule.leaves is not None:
        checked.append(f"result: `{rule.leaves.field}` in the caller's area")
    return checked


__all__ = ["ItemScope", "Named", "Within"]
