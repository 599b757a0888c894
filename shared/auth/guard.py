"""Enforcement: every request but health and documents passes here before its handler."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from pymongo.asynchronous.database import AsyncDatabase

from shared.auth.audit import AUDIT, GRANTS, AuditTrail
from shared.auth.client_address import client_address, trusted_networks
from shared.auth.emergency import EmergencyGrants
from shared.auth.policy import allows
from shared.auth.principal import Principal, Reach
from shared.auth.rules import AccessRules, Resource, Rule
from shared.auth.scope import check_destination, check_named, element_key, only_element
from shared.auth.settings import AuthSettings
from shared.auth.tokens import InvalidTokenError, TokenVerifier
from shared.errors import (
    ForbiddenError,
    NotFoundError,
    TooManyRequestsError,
    UnauthenticatedError,
)
from shared.http import nul_errors
from shared.logging import get_logger
from shared.persistence.stores import Store
from shared.store import Document

log = get_logger(__name__)


@dataclass
class AuditNote:
    """The audit entry of a request: started while its handler runs (``Guard.begin_audit``),
    or written by the audit middleware once the handler has answered.

    A refused request (401, 403, 404 out of scope) has a note too: without a rule when no rule
    covers the route, without a principal when the token was refused.
    """

    rule: Rule | None
    principal: Principal | None
    worker_id: str | None
    emergency: bool = False
    refused: bool = False
    stored: asyncio.Future[None] | None = None
    """The entry started while the handler runs: done once it is stored."""
    entry_id: str | None = None
    expected: int = 200
    """The status the started entry records: the route's answer on success."""


REFUSALS = frozenset({401, 403, 404})


@dataclass
class Guard:
    """Holds the service's rules, the token verifier, the audit trail and the rate limiter."""

    service: str
    settings: AuthSettings
    rules: AccessRules
    database: AsyncDatabase[Document]
    store: Store
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        self.verifier = TokenVerifier(self.settings)
        self.trail = AuditTrail(self.store.collection(AUDIT))
        self.emergency = EmergencyGrants(
            self.store.collection(GRANTS),
            self.service,
            self.settings.emergency_access_per_day,
            self.clock,
        )
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.expensive_limit = parse(self.settings.expensive_rate_limit)
        self.trusted_proxies = trusted_networks(self.settings.trusted_proxies)

    async def authenticate(self, request: Request) -> Principal:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise UnauthenticatedError("a bearer token is required")
        try:
            return await self.verifier.verify_async(token.strip())
        except InvalidTokenError as exc:
            raise UnauthenticatedError(str(exc)) from exc

    def refusal_note(self, request: Request, status: int) -> AuditNote | None:
        """The note of a refused request (401, 403, 404) to a guarded route; None otherwise."""
        if status not in REFUSALS:
            return None
        route = request.scope.get("route")
        rule = self.rules.get((request.method, getattr(route, "path", "")))
        principal: Principal | None = getattr(request.state, "principal", None)
        if rule is None and principal is None and status != 401:
            return None  # no route matched: the guard never ran
        worker_id = request.path_params.get("worker_id")
        return AuditNote(rule, principal, worker_id, refused=True)

    async def __call__(self, request: Request) -> Principal:
        principal = await self.authenticate(request)
        request.state.principal = principal  # a refusal below is audited with its caller
        route = request.scope.get("route")
        template = getattr(route, "path", None) or request.url.path
        rule = self.rules.get((request.method, template))
        if rule is None:
            raise ForbiddenError("no access rule covers this route")
        if not allows(principal.role, rule.action):
            raise ForbiddenError(
                "role {role} may not {action}",
                role=principal.role.value,
                action=rule.action.value,
            )
        if rule.expensive and not self.limiter.hit(
            self.expensive_limit, principal.subject, template
        ):
            raise TooManyRequestsError("too many requests for this endpoint", retry_after_s=60)
        worker_id = request.path_params.get("worker_id")
        audited = _audited(request, rule)
        nul = await nul_errors(request)  # before any lookup or write by a value it carries
        if nul:
            if audited:
                request.state.audit_note = AuditNote(rule, principal, worker_id)
            raise RequestValidationError(nul)
        emergency = False
        if rule.resource is not None and principal.reach is not Reach.NATION:
            key = str(request.path_params.get(rule.resource.key, ""))
            worker_id, emergency = await self.check_record(request, principal, rule.resource, key)
        if principal.reach is not Reach.NATION:
            await check_named(self, request, principal, rule)
            await check_destination(request, principal, rule)
        if audited:
            note = AuditNote(rule, principal, worker_id, emergency)
            request.state.audit_note = note
            if worker_id is not None or request.method in ("GET", "HEAD"):
                # the entry names everything it records now: stored while the handler runs
                # (a change that creates its worker starts it once it names it: note_worker)
                self.begin_audit(request, note)
        return principal

    async def check_record(
        self, request: Request, principal: Principal, resource: Resource, key: str
    ) -> tuple[str | None, bool]:
        """The record's worker, and whether only emergency access opens it; 404 out of scope."""
        projection = {
            path: 1
            for path in (
                resource.fields.province,
                resource.fields.commune,
                resource.fields.enterprise,
                resource.fields.provider,
                resource.worker_field,
            )
            if path
        }
        element = resource.element
        if element is not None:  # the whole list: its items' ids and facts
            projection = {p: 1 for p in projection if not p.startswith(f"{element.array}.")}
            projection[element.array] = 1
        query: dict[str, Any] = (
            {resource.id_fields[0]: key}
            if len(resource.id_fields) == 1
            else {"$or": [{field: key} for field in resource.id_fields]}
        )
        document = (
            await self.database[resource.collection].find_one(query, projection)
            if resource.stored
            else {path: key for path in projection if path != resource.worker_field}
        )
        if document is None:
            raise NotFoundError(resource.key.removesuffix("_id"), key)
        item = await element_key(request, resource)
        if item is not None:
            document = only_element(document, resource, item)
        worker_id = _worker_of(document, resource.worker_field)
        if principal.covers(document, resource.fields):
            return worker_id, False
        via = resource.via_worker
        if via is not None and worker_id and principal.reach in (Reach.COMMUNE, Reach.PROVINCE):
            worker = await self.database[via.collection].find_one({"_id": worker_id})
            if worker is not None and principal.covers(worker, via.fields):
                return worker_id, False
        if worker_id and await self.has_emergency_access(principal, worker_id):
            if request.method not in ("GET", "HEAD"):
                raise ForbiddenError("emergency access opens a record for reading only")
            return worker_id, True
        raise NotFoundError(resource.key.removesuffix("_id"), key)

    async def has_emergency_access(self, principal: Principal, worker_id: str) -> bool:
        return await self.emergency.is_open(principal, worker_id)

    def begin_audit(self, request: Request, note: AuditNote) -> None:
        """Starts storing the request's entry while its handler runs, with the status its route
        answers on success; ``finish_audit`` makes the answer wait until it is stored."""
        if note.stored is not None:
            return
        route = request.scope.get("route")
        note.expected = getattr(route, "status_code", None) or 200
        entry = self.audit_entry(request, note, note.expected)
        note.entry_id = entry["_id"]
        note.stored = self.trail.submit(entry)

    async def finish_audit(self, request: Request, status: int) -> None:
        """Returns once the request's entry is stored, with the status answered: a started
        entry that recorded another status gets a second entry naming it (``outcome_of``).
        Raises ``AuditWriteError`` if an entry could not be stored: the answer must not leave.
        """
        note: AuditNote | None = getattr(request.state, "audit_note", None)
        if note is None:  # refused before or by the guard (401, 403, out of scope)
            note = self.refusal_note(request, status)
        if note is None:
            return
        if note.stored is None:
            await self.write_audit(request, note, status)
            return
        stored: asyncio.Future[Any] = note.stored
        if status != note.expected:
            outcome = self.audit_entry(request, note, status)
            outcome["outcome_of"] = note.entry_id
            stored = asyncio.gather(stored, self.trail.submit(outcome))
        # the trail owns the entries: an answer cancelled while it waits is still audited
        await asyncio.shield(stored)

    async def write_audit(self, request: Request, note: AuditNote, status: int) -> None:
        """Returns once the request's entry is stored."""
        await self.trail.record(self.audit_entry(request, note, status))

    def audit_entry(self, request: Request, note: AuditNote, status: int) -> Document:
        """The audit entry of a request answered (or to be answered) with ``status``."""
        now = self.clock()
        route = request.scope.get("route")
        principal, rule = note.principal, note.rule
        return {
            "_id": f"{_stamp(now)}-{os.urandom(6).hex()}",
            "at": now,
            "service": self.service,
            "subject": principal.subject if principal else None,
            "name": principal.name if principal else None,
            "role": principal.role.value if principal else None,
            "action": rule.action.value if rule else None,
            "method": request.method,
            "route": getattr(route, "path", None),
            # PostgreSQL stores no NUL in text: one in a path would fail the whole batch
            "path": request.url.path.replace("\x00", "\ufffd"),
            "worker_id": note.worker_id or request.path_params.get("worker_id"),
            "status": status,
            "client": client_address(request, self.trusted_proxies),
            "correlation_id": getattr(request.state, "correlation_id", None),
            "emergency": note.emergency,
            "refused": note.refused or status in REFUSALS,
            "search": _searched(request, rule),
        }

    async def grant_emergency_access(
        self, principal: Principal, worker_id: str, reason: str, minutes: int
    ) -> Document:
        """Opens a worker this service keeps for ``minutes``; 404 for a worker it does not keep."""
        worker = self._worker_record()
        if (
            worker is None
            or await self.database[worker.collection].find_one({"_id": worker_id}, {"_id": 1})
            is None
        ):
            raise NotFoundError("worker", worker_id)
        return await self.emergency.open(principal, worker_id, reason, minutes)

    def _worker_record(self) -> Resource | None:
        """The collection of the workers this service keeps, as its routes name them."""
        for rule in self.rules.values():
            resource = rule.resource
            if resource is not None and resource.key == "worker_id" and resource.via_worker is None:
                return resource
        return None


def _stamp(now: datetime) -> str:
    """``now`` as ``%Y%m%dT%H%M%S%f``, without ``strftime``'s parsing of the format."""
    return "%04d%02d%02dT%02d%02d%02d%06d" % (  # noqa: UP031 - the fastest of the three ways
        now.year,
        now.month,
        now.day,
        now.hour,
        now.minute,
        now.second,
        now.microsecond,
    )


def _audited(request: Request, rule: Rule) -> bool:
    """Whether the request goes into the audit trail: a write, a personal read, a search."""
    searched = any(name in request.query_params for name in rule.audit_query)
    return rule.personal or searched or request.method not in ("GET", "HEAD")


def _worker_of(document: dict[str, Any], worker_field: str) -> str | None:
    value = document.get(worker_field)
    return None if value is None else str(value)


def _searched(request: Request, rule: Rule | None) -> dict[str, str] | None:
    """The audited query parameters the request carried (a name search's name)."""
    if rule is None:
        return None
    query = request.query_params
    found = {name: query[name] for name in rule.audit_query if name in query}
    return {name: value.replace("\x00", "\ufffd") for name, value in found.items()} or None


async def current_guard(request: Request) -> Guard:
    guard: Guard = request.app.state.guard
    return guard


async def authorize(request: Request) -> Principal:
    """The dependency every protected router carries (one dependency: no sub-dependency to
    solve for the guard on every request)."""
    guard: Guard = request.app.state.guard
    return await guard(request)


def note_worker(request: Request, worker_id: str) -> None:
    """Names the worker a request creates or acts on, so its audit entry is found by worker,
    and starts storing the entry while the handler goes on (an entry already started keeps
    the worker it named)."""
    note: AuditNote | None = getattr(request.state, "audit_note", None)
    if note is not None and note.stored is None:
        note.worker_id = worker_id
        guard: Guard = request.app.state.guard
        guard.begin_audit(request, note)


async def caller(request: Request) -> Principal:
    """The authenticated caller, for handlers that narrow a list to the caller's scope."""
    principal: Principal = request.state.principal
    return principal


Caller = Annotated[Principal, Depends(caller)]
