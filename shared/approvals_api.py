"""Routes of a service's approval desk: the queue of changes waiting for a second person, their
decisions, and the provinces' tables of which changes wait. Carried by intake and aftercare."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from shared.approval_desk import APPROVALS, ApprovalDesk
from shared.approvals import Approval, ApprovalAction, ApprovalRule, ApprovalStatus
from shared.auth.guard import Caller
from shared.auth.policy import Action
from shared.auth.principal import Role, ScopeFields
from shared.auth.rules import PROVINCE_IN_PATH, AccessRules, Resource, Rule
from shared.auth.scope import Within
from shared.pages import Page, Paged

router = APIRouter(tags=["approvals"])
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_\-~.]*$"
APPROVAL = Resource(
    APPROVALS, "approval_id", ScopeFields(province="province_code", commune="commune_code")
)
"""A waiting change lives where its worker lives (a merge: in the review's province)."""

A = Action
RULES_PATH = "/provinces/{province_code}/approval-rules"
RULES: AccessRules = {
    ("GET", "/approvals"): Rule(A.APPROVAL_READ, items=APPROVAL),
    ("GET", "/approvals/{approval_id}"): Rule(A.APPROVAL_READ, APPROVAL, personal=True),
    ("POST", "/approvals/{approval_id}/approve"): Rule(A.APPROVAL_DECIDE, APPROVAL),
    ("POST", "/approvals/{approval_id}/reject"): Rule(A.APPROVAL_DECIDE, APPROVAL),
    ("GET", RULES_PATH): Rule(A.APPROVAL_RULES_READ, PROVINCE_IN_PATH),
    ("PUT", RULES_PATH): Rule(A.APPROVAL_RULES_SET, PROVINCE_IN_PATH),
}
ApprovalId = Annotated[str, Path(max_length=128, pattern=ID_PATTERN)]
ProvinceCode = Annotated[str, Path(pattern=r"^\d{2}$")]


async def get_desk(request: Request) -> ApprovalDesk:
    desk: ApprovalDesk = request.app.state.approvals
    return desk


Desk = Annotated[ApprovalDesk, Depends(get_desk)]


APPROVAL_EXAMPLE: JsonDict = {
    "approval_id": "ap-51-0007", "actions": ["household_status.change"],
    "kind": "worker.correction",
    "target_id": "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11",
    "worker_id": "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11", "province_code": "51",
    "commune_code": "21307", "changed_fields": ["household_status"],
    "requested_by": "cb-son-linh", "requested_role": "commune_officer",
    "requested_at": "2026-03-02T02:30:00Z",
    "request_reason": "Hộ đã có tên trong danh sách hộ nghèo năm 2026 của xã",
    "status": "pending", "decided_by": None, "decided_role": None, "decided_at": None,
    "decision_reason": None, "applied_at": None,
}  # fmt: skip
APPROVAL_VIEW_EXAMPLE: JsonDict = {
    **APPROVAL_EXAMPLE,
    "change": {
        "household_status": "poor",
        "reason": APPROVAL_EXAMPLE["request_reason"],
        "corrected_by": "cb-son-linh",
    },
}
RULES_EXAMPLE: JsonDict = {
    "rules": [
        {"action": "household_status.change", "required": True,
         "checker_roles": ["provincial_manager"]},
        {"action": "transfer.across_provinces", "required": False, "checker_roles": []},
    ]
}  # fmt: skip


class ApprovalSummary(BaseModel):
    """A waiting (or decided) change as the queue lists it: what, whose, who asked, when."""

    model_config = ConfigDict(json_schema_extra={"examples": [APPROVAL_EXAMPLE]})

    approval_id: str
    actions: list[ApprovalAction]
    kind: str
    target_id: str
    worker_id: str | None
    province_code: str
    commune_code: str | None
    changed_fields: list[str] = Field(description="The fields the change sets, by name")
    requested_by: str
    requested_role: Role
    requested_at: datetime
    request_reason: str | None
    status: ApprovalStatus
    decided_by: str | None
    decided_role: Role | None
    decided_at: datetime | None
    decision_reason: str | None
    applied_at: datetime | None = Field(description="When the approved change was applied")

    @classmethod
    def of(cls, approval: Approval) -> ApprovalSummary:
        return cls.model_validate(approval.model_dump())


class ApprovalView(ApprovalSummary):
    """One change with what it sets, for the checker to compare with the record."""

    model_config = ConfigDict(json_schema_extra={"examples": [APPROVAL_VIEW_EXAMPLE]})

    change: dict[str, Any] = Field(
        description="The change as the maker asked it; a national ID and phones masked as in "
        "the worker's record (the last three digits)"
    )

    @classmethod
    def of(cls, approval: Approval) -> ApprovalView:
        return cls.model_validate({**approval.model_dump(), "change": shown(approval.change)})


def shown(change: dict[str, Any]) -> dict[str, Any]:
    """A change with its national ID and phone numbers masked, as records show them."""
    visible = dict(change)
    for name, stars in (("national_id", 9), ("phone", 3)):
        if isinstance(visible.get(name), str):
            visible[name] = "*" * stars + visible[name][-3:]
    family = visible.get("family_contact")
    if isinstance(family, dict) and isinstance(family.get("phone"), str):
        visible["family_contact"] = {**family, "phone": "***" + family["phone"][-3:]}
    return visible


def pending_answer(approval: Approval) -> JSONResponse:
    """The 202 a change that waits for a second person answers, with where to follow it."""
    view = ApprovalView.of(approval)
    return JSONResponse(
        view.model_dump(mode="json"),
        status_code=202,
        headers={"Location": f"/approvals/{approval.approval_id}"},
    )


WAITS: dict[int | str, dict[str, Any]] = {
    202: {
        "model": ApprovalView,
        "description": "the province makes this change wait for a second person: it applies "
        "(and its events are emitted) once approved at `/approvals/{approval_id}/approve`",
    }
}


class ApproveChange(BaseModel):
    """A checker's approval of a waiting change."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"reason": "Đã đối chiếu danh sách hộ nghèo của xã"}]},
    )

    reason: str | None = Field(default=None, max_length=500)


class RejectChange(BaseModel):
    """A checker's rejection of a waiting change: the reason is required."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [{"reason": "Hộ không có tên trong danh sách hộ nghèo năm 2026"}]
        },
    )

    reason: str = Field(min_length=1, max_length=500)


class ProvinceRules(BaseModel):
    """A province's table: for each action, whether it waits and which roles may check it."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"province_code": "51", **RULES_EXAMPLE}]}
    )

    province_code: str
    rules: list[ApprovalRule]


class SetProvinceRules(BaseModel):
    """Rows of a province's table to set; actions not named keep their row."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [RULES_EXAMPLE]})

    rules: list[ApprovalRule] = Field(min_length=1, max_length=len(ApprovalAction))


DECIDE_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "the caller made the change, or the province names other checkers"},
    404: {"description": "no such approval in the caller's scope"},
    409: {"description": "already decided, or the record changed since (the change is stale)"},
}


@router.get(
    "/approvals",
    response_model=Page[ApprovalSummary],
    summary="The queue of changes waiting for a second person (or decided), oldest first",
)
async def approval_queue(
    desk: Desk,
    within: Within,
    paged: Paged,
    status: ApprovalStatus = ApprovalStatus.PENDING,
) -> Page[ApprovalSummary]:
    found = await desk.queue(status, within.query, paged)
    return paged.page([ApprovalSummary.of(a) for a in found])


@router.get(
    "/approvals/{approval_id}",
    response_model=ApprovalView,
    responses={404: {"description": "no such approval in the caller's scope"}},
    summary="One change waiting for a second person, with what it sets",
)
async def get_approval(approval_id: ApprovalId, desk: Desk) -> ApprovalView:
    return ApprovalView.of(await desk.get(approval_id))


@router.post(
    "/approvals/{approval_id}/approve",
    response_model=ApprovalView,
    responses=DECIDE_RESPONSES,
    summary="Approve a waiting change: it applies now, and its events are emitted",
)
async def approve_change(
    approval_id: ApprovalId, command: ApproveChange, desk: Desk, principal: Caller
) -> ApprovalView:
    approval = await desk.approve(approval_id, principal.subject, principal.role, command.reason)
    return ApprovalView.of(approval)


@router.post(
    "/approvals/{approval_id}/reject",
    response_model=ApprovalView,
    responses=DECIDE_RESPONSES,
    summary="Reject a waiting change with a reason: nothing of it applies",
)
async def reject_change(
    approval_id: ApprovalId, command: RejectChange, desk: Desk, principal: Caller
) -> ApprovalView:
    approval = await desk.reject(approval_id, principal.subject, principal.role, command.reason)
    return ApprovalView.of(approval)


@router.get(
    RULES_PATH,
    response_model=ProvinceRules,
    summary="The province's table of changes that wait for a second person (this service's)",
)
async def province_rules(province_code: ProvinceCode, desk: Desk) -> ProvinceRules:
    rules = await desk.rules_of(province_code)
    return ProvinceRules(province_code=province_code, rules=list(rules.values()))


@router.put(
    RULES_PATH,
    response_model=ProvinceRules,
    responses={422: {"description": "a row names another service's action, or no checker"}},
    summary="Set rows of the province's table (its provincial manager)",
)
async def set_province_rules(
    province_code: ProvinceCode, command: SetProvinceRules, desk: Desk, principal: Caller
) -> ProvinceRules:
    rules = await desk.set_rules(province_code, command.rules, principal.subject)
    return ProvinceRules(province_code=province_code, rules=list(rules.values()))
