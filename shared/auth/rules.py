"""How a route is protected: the action it needs, and the record whose scope it touches."""

from __future__ import annotations

from dataclasses import dataclass

from shared.auth.policy import Action
from shared.auth.principal import ScopeFields


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


@dataclass(frozen=True)
class Rule:
    """One route's protection.

    ``personal``: the answer holds personal details, so every read is audited (changes always
    are). ``expensive``: rate limited per caller. ``resource``: the record is looked up in the
    caller's scope first; out of scope answers 404, exactly like a record that does not exist.
    """

    action: Action
    resource: Resource | None = None
    personal: bool = False
    expensive: bool = False
    audit_query: tuple[str, ...] = ()
    """Query parameters that make a read audited, their values kept (a name search)."""


AccessRules = dict[tuple[str, str], Rule]
"""(HTTP method, route path template) → rule; a route without a rule is refused."""
