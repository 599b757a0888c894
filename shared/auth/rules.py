"""How a route is protected: the action it needs, and every record whose scope it touches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from shared.auth.policy import Action
from shared.auth.principal import ScopeFields


@dataclass(frozen=True)
class Element:
    """One item of a record's list, named by a request parameter (a worker's enrolment).

    The scope is then checked on the record with only that item in its list, so a fact of
    another item (another provider's course) does not open this one.
    """

    array: str
    id_field: str
    param: str


@dataclass(frozen=True)
class Resource:
    """A record named by a path parameter, and where its scope facts are kept."""

    collection: str
    key: str
    fields: ScopeFields
    worker_field: str = "worker_id"
    id_fields: tuple[str, ...] = ("_id",)
    via_worker: Resource | None = None
    """Where the record itself keeps no locality (a placement): the worker's record decides."""
    element: Element | None = None
    stored: bool = True
    """False: the path parameter is itself the scope fact (a report's province), not a key."""


PROVINCE_IN_PATH = Resource(
    "provinces", "province_code", ScopeFields(province="province_code"), stored=False
)
"""A province named in the path (its reports, its tables): callers bound to a province reach
their own province only."""


class Source(StrEnum):
    """Where a request carries the id of a record it names."""

    BODY = "body"
    QUERY = "query"


@dataclass(frozen=True)
class Named:
    """A record a request names in its body or query, checked like one named in the path."""

    field: str
    resource: Resource
    source: Source = Source.BODY


@dataclass(frozen=True)
class Destination:
    """Where a change puts its record: a body object with locality codes, each canonicalised
    (``"1"`` is province ``"01"``) before it is held against the caller's area."""

    field: str
    province: str = "province_code"
    commune: str = "commune_code"
    canonical: Callable[[str, int], str | None] | None = None
    province_digits: int = 2
    commune_digits: int = 5


@dataclass(frozen=True)
class Rule:
    """One route's protection.

    ``personal``: the answer holds personal details, so every read is audited (changes always
    are). ``expensive``: rate limited per caller. ``resource``: the record named in the path
    is looked up in the caller's scope first; out of scope answers 404, exactly like a record
    that does not exist. ``names``: records named in the body or query, checked the same way.
    ``items``: the records a list returns, filtered to the caller's scope in the store query
    (handlers take it as ``shared.auth.scope.Within``). ``leaves``: where a change puts its
    record, which must lie in the caller's area (403 otherwise).
    """

    action: Action
    resource: Resource | None = None
    personal: bool = False
    expensive: bool = False
    audit_query: tuple[str, ...] = ()
    """Query parameters that make a read audited, their values kept (a name search)."""
    names: tuple[Named, ...] = ()
    items: Resource | None = None
    leaves: Destination | None = None


AccessRules = dict[tuple[str, str], Rule]
"""(HTTP method, route path template) → rule; a route without a rule is refused."""
