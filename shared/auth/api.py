"""Routes every service carries: its audit trail and emergency ("break the glass") access."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from shared.auth.emergency import TooManyGrantsError
from shared.auth.guard import Caller, Guard, current_guard, note_worker
from shared.auth.policy import Action, allows
from shared.auth.rules import AccessRules, Rule
from shared.dates import StorableInstant
from shared.errors import FieldError, NotFoundError, TooManyRequestsError
from shared.pages import Page, Paged

router = APIRouter(tags=["access"])
GuardDep = Annotated[Guard, Depends(current_guard)]

RULES: AccessRules = {
    ("GET", "/audit"): Rule(Action.AUDIT_READ),
    ("POST", "/emergency-access"): Rule(Action.EMERGENCY_ACCESS),
    ("GET", "/emergency-access"): Rule(Action.EMERGENCY_REVIEW),
    ("DELETE", "/emergency-access/{grant_id}"): Rule(Action.EMERGENCY_REVOKE),
}


WORKER_EXAMPLE = "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11"
AUDIT_EXAMPLE: JsonDict = {
    "id": "01JE7Q4V8M2W3X4Y5Z6A7B8C9D", "at": "2026-03-02T02:15:04Z", "service": "intake",
    "subject": "cb-son-linh", "name": "Phạm Thị Hoa", "role": "commune_officer",
    "action": "worker.read", "method": "GET", "route": "/workers/{worker_id}",
    "path": f"/workers/{WORKER_EXAMPLE}", "worker_id": WORKER_EXAMPLE, "status": 200,
    "client": "10.20.3.14", "correlation_id": "c0a8e1f2-7b3d-4c55-9e0a-1d2f3b4c5d6e",
    "emergency": False, "refused": False, "search": None, "outcome_of": None,
}  # fmt: skip
GRANT_EXAMPLE: JsonDict = {
    "id": "eg-7f3c2a1b", "subject": "cb-quang-ngai-07", "role": "aftercare_officer",
    "worker_id": WORKER_EXAMPLE,
    "reason": "Gia đình báo mất liên lạc với người lao động ở Đài Loan, cần gọi ngay",
    "granted_at": "2026-03-02T03:00:00Z", "expires_at": "2026-03-02T04:00:00Z",
    "service": "aftercare", "revoked_at": None, "revoked_by": None,
}  # fmt: skip


class AuditEntry(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [AUDIT_EXAMPLE]})

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
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [AUDIT_EXAMPLE], "next_cursor": None}]}
    )

    items: list[AuditEntry]
    next_cursor: str | None = Field(description="Pass as `cursor` for older entries; null: end")


class OpenEmergencyAccess(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "worker_id": WORKER_EXAMPLE,
                    "reason": GRANT_EXAMPLE["reason"],
                    "minutes": 60,
                }
            ]
        },
    )

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
    model_config = ConfigDict(json_schema_extra={"examples": [GRANT_EXAMPLE]})

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
    paged: Paged,
    worker_id: Annotated[str | None, Query(max_length=128)] = None,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[
        StorableInstant | None, Query(description="From this instant, included")
    ] = None,
    until: Annotated[
        StorableInstant | None, Query(description="Up to this instant, excluded")
    ] = None,
) -> AuditPage:
    position = paged.position()
    before = str(position[0]) if position else None
    documents = await guard.trail.query(
        worker_id=worker_id,
        subject=subject,
        since=since,
        until=until,
        before=before,
        limit=paged.limit + 1,
    )
    if len(documents) > paged.limit:
        documents = documents[: paged.limit]
        paged.continue_with([documents[-1]["_id"]])
    entries = paged.page([AuditEntry.model_validate(_entry(d)) for d in documents])
    return AuditPage(items=entries.items, next_cursor=entries.next_cursor)


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
        raise FieldError("minutes", "must be at most {le}", kind="less_than_equal", le=longest)
    note_worker(request, command.worker_id)
    try:
        grant = await guard.grant_emergency_access(
            principal, command.worker_id, command.reason, command.minutes or longest
        )
    except TooManyGrantsError as exc:
        raise TooManyRequestsError(
            "at most {per_day} emergency accesses a day",
            retry_after_s=3600,
            per_day=guard.emergency.per_day,
        ) from exc
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
    response_model=Page[EmergencyAccess],
    summary="Emergency accesses for review, newest first",
)
async def list_emergency_access(
    guard: GuardDep,
    paged: Paged,
    since: Annotated[StorableInstant | None, Query()] = None,
) -> Page[EmergencyAccess]:
    grants = await guard.emergency.listed(since, paged)
    return paged.page([EmergencyAccess.model_validate(_entry(d)) for d in grants])
