"""Routes every service carries: its audit trail and emergency ("break the glass") access."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from shared.auth.emergency import TooManyGrantsError
from shared.auth.guard import Caller, Guard, current_guard, note_worker
from shared.auth.policy import Action, allows
from shared.auth.rules import AccessRules, Rule
from shared.dates import StorableInstant
from shared.errors import FieldError, NotFoundError

router = APIRouter(tags=["access"])
GuardDep = Annotated[Guard, Depends(current_guard)]

RULES: AccessRules = {
    ("GET", "/audit"): Rule(Action.AUDIT_READ),
    ("POST", "/emergency-access"): Rule(Action.EMERGENCY_ACCESS),
    ("GET", "/emergency-access"): Rule(Action.EMERGENCY_REVIEW),
    ("DELETE", "/emergency-access/{grant_id}"): Rule(Action.EMERGENCY_REVOKE),
}


class AuditEntry(BaseModel):
    id: str
    at: datetime
    service: str
    subject: str | None = Field(description="The token's subject; null: the token was refused")
    name: str | None = Field(default=None, description="The token's display name, if any")
    role: str | None
    action: str | None = Field(description="The route's action; null: no rule covers it")
    method: str
    route: str | None
    path: str
    worker_id: str | None
    status: int = Field(
        description="The status answered; an entry stored while its request ran records its "
        "route's status on success, and an entry naming it in `outcome_of` the one answered "
        "when that differs"
    )
    client: str | None
    correlation_id: str | None
    emergency: bool
    refused: bool = Field(default=False, description="Answered 401, 403 or 404")
    search: dict[str, str] | None = Field(
        default=None, description="The audited search terms the request carried (a name)"
    )
    outcome_of: str | None = Field(
        default=None,
        description="The entry, stored while the same request ran, whose status this one "
        "corrects (the request answered otherwise than its route does on success)",
    )


class AuditPage(BaseModel):
    items: list[AuditEntry]
    next_cursor: str | None = Field(description="Pass as `cursor` for older entries; null: end")


class OpenEmergencyAccess(BaseModel):
    model_config = ConfigDict(extra="forbid")

    worker_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-~.]*$")
    reason: str = Field(
        min_length=10, max_length=500, description="Why the record is needed; reviewed later"
    )
    minutes: int | None = Field(
        default=None,
        ge=1,
        le=24 * 60,
        description="How long; at most AUTH_EMERGENCY_ACCESS_MINUTES (also the default)",
    )


class EmergencyAccess(BaseModel):
    id: str
    subject: str
    role: str
    worker_id: str
    reason: str
    granted_at: datetime
    expires_at: datetime
    service: str
    revoked_at: datetime | None = None
    revoked_by: str | None = None


def _entry(document: dict[str, Any]) -> dict[str, Any]:
    return {**document, "id": document["_id"]}


@router.get(
    "/audit",
    response_model=AuditPage,
    summary="Audit trail: changes, personal-detail reads, name searches, refusals; newest first",
)
async def read_audit(
    guard: GuardDep,
    worker_id: Annotated[str | None, Query(max_length=128)] = None,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[
        StorableInstant | None, Query(description="From this instant, included")
    ] = None,
    until: Annotated[
        StorableInstant | None, Query(description="Up to this instant, excluded")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    documents = await guard.trail.query(
        worker_id=worker_id, subject=subject, since=since, until=until, before=cursor, limit=limit
    )
    next_cursor = documents[-1]["_id"] if len(documents) == limit else None
    return AuditPage(
        items=[AuditEntry.model_validate(_entry(d)) for d in documents], next_cursor=next_cursor
    )


@router.post(
    "/emergency-access",
    status_code=201,
    response_model=EmergencyAccess,
    summary="Break the glass: open an out-of-scope worker's records for a limited time",
    responses={
        404: {"description": "this service keeps no such worker"},
        422: {"description": "a field breaks a rule (`minutes` above the limit); `loc` names it"},
        429: {"description": "the officer's emergency accesses for the day are used up"},
    },
)
async def open_emergency_access(
    command: OpenEmergencyAccess, principal: Caller, guard: GuardDep, request: Request
) -> EmergencyAccess:
    longest = guard.settings.emergency_access_minutes
    if command.minutes is not None and command.minutes > longest:
        raise FieldError("minutes", f"at most {longest}", kind="less_than_equal")
    note_worker(request, command.worker_id)
    try:
        grant = await guard.grant_emergency_access(
            principal, command.worker_id, command.reason, command.minutes or longest
        )
    except TooManyGrantsError as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": "3600"}) from exc
    return EmergencyAccess.model_validate(_entry(grant))


@router.delete(
    "/emergency-access/{grant_id}",
    response_model=EmergencyAccess,
    summary="End an emergency access now (the holder's own; an auditor's any)",
    responses={404: {"description": "no such grant the caller may revoke"}},
)
async def revoke_emergency_access(
    grant_id: Annotated[str, Path(max_length=64)],
    principal: Caller,
    guard: GuardDep,
    request: Request,
) -> EmergencyAccess:
    any_holder = allows(principal.role, Action.EMERGENCY_REVIEW)
    grant = await guard.emergency.revoke(grant_id, principal, any_holder)
    if grant is None:
        raise NotFoundError("emergency access", grant_id)
    note_worker(request, str(grant["worker_id"]))
    return EmergencyAccess.model_validate(_entry(grant))


@router.get(
    "/emergency-access",
    response_model=list[EmergencyAccess],
    summary="Emergency accesses for review, newest first",
)
async def list_emergency_access(
    guard: GuardDep,
    since: Annotated[StorableInstant | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[EmergencyAccess]:
    grants = await guard.emergency.listed(since, limit)
    return [EmergencyAccess.model_validate(_entry(d)) for d in grants]
