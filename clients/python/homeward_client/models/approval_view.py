from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.approval_action import ApprovalAction
from ..models.approval_status import ApprovalStatus
from ..models.role import Role

if TYPE_CHECKING:
    from ..models.approval_view_change import ApprovalViewChange


T = TypeVar("T", bound="ApprovalView")


@_attrs_define
class ApprovalView:
    """One change with what it sets, for the checker to compare with the record.

    Attributes:
        approval_id (str):
        actions (list[ApprovalAction]):
        kind (str):
        target_id (str):
        worker_id (None | str):
        province_code (str):
        commune_code (None | str):
        changed_fields (list[str]): The fields the change sets, by name
        requested_by (str):
        requested_role (Role):
        requested_at (datetime.datetime):
        request_reason (None | str):
        status (ApprovalStatus): Where a change waiting for a second person stands.
        decided_by (None | str):
        decided_role (None | Role):
        decided_at (datetime.datetime | None):
        decision_reason (None | str):
        applied_at (datetime.datetime | None): When the approved change was applied
        change (ApprovalViewChange): The change as the maker asked it; a national ID and phones masked as in the
            worker's record (the last three digits)
    """

    approval_id: str
    actions: list[ApprovalAction]
    kind: str
    target_id: str
    worker_id: None | str
    province_code: str
    commune_code: None | str
    changed_fields: list[str]
    requested_by: str
    requested_role: Role
    requested_at: datetime.datetime
    request_reason: None | str
    status: ApprovalStatus
    decided_by: None | str
    decided_role: None | Role
    decided_at: datetime.datetime | None
    decision_reason: None | str
    applied_at: datetime.datetime | None
    change: ApprovalViewChange
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approval_id = self.approval_id

        actions = []
        for actions_item_data in self.actions:
            actions_item = actions_item_data.value
            actions.append(actions_item)

        kind = self.kind

        target_id = self.target_id

        worker_id: None | str
        worker_id = self.worker_id

        province_code = self.province_code

        commune_code: None | str
        commune_code = self.commune_code

        changed_fields = self.changed_fields

        requested_by = self.requested_by

        requested_role = self.requested_role.value

        requested_at = self.requested_at.isoformat()

        request_reason: None | str
        request_reason = self.request_reason

        status = self.status.value

        decided_by: None | str
        decided_by = self.decided_by

        decided_role: None | str
        if isinstance(self.decided_role, Role):
            decided_role = self.decided_role.value
        else:
            decided_role = self.decided_role

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decision_reason: None | str
        decision_reason = self.decision_reason

        applied_at: None | str
        if isinstance(self.applied_at, datetime.datetime):
            applied_at = self.applied_at.isoformat()
        else:
            applied_at = self.applied_at

        change = self.change.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approval_id": approval_id,
                "actions": actions,
                "kind": kind,
                "target_id": target_id,
                "worker_id": worker_id,
                "province_code": province_code,
                "commune_code": commune_code,
                "changed_fields": changed_fields,
                "requested_by": requested_by,
                "requested_role": requested_role,
                "requested_at": requested_at,
                "request_reason": request_reason,
                "status": status,
                "decided_by": decided_by,
                "decided_role": decided_role,
                "decided_at": decided_at,
                "decision_reason": decision_reason,
                "applied_at": applied_at,
                "change": change,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.approval_view_change import ApprovalViewChange  # noqa: PLC0415

        d = dict(src_dict)
        approval_id = d.pop("approval_id")

        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:
            actions_item = ApprovalAction(actions_item_data)

            actions.append(actions_item)

        kind = d.pop("kind")

        target_id = d.pop("target_id")

        def _parse_worker_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        worker_id = _parse_worker_id(d.pop("worker_id"))

        province_code = d.pop("province_code")

        def _parse_commune_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        commune_code = _parse_commune_code(d.pop("commune_code"))

        changed_fields = cast(list[str], d.pop("changed_fields"))

        requested_by = d.pop("requested_by")

        requested_role = Role(d.pop("requested_role"))

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        def _parse_request_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_reason = _parse_request_reason(d.pop("request_reason"))

        status = ApprovalStatus(d.pop("status"))

        def _parse_decided_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))

        def _parse_decided_role(data: object) -> None | Role:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_role_type_0 = Role(data)

                return decided_role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Role, data)

        decided_role = _parse_decided_role(d.pop("decided_role"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_decision_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_reason = _parse_decision_reason(d.pop("decision_reason"))

        def _parse_applied_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                applied_at_type_0 = datetime.datetime.fromisoformat(data)

                return applied_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        applied_at = _parse_applied_at(d.pop("applied_at"))

        change = ApprovalViewChange.from_dict(d.pop("change"))

        approval_view = cls(
            approval_id=approval_id,
            actions=actions,
            kind=kind,
            target_id=target_id,
            worker_id=worker_id,
            province_code=province_code,
            commune_code=commune_code,
            changed_fields=changed_fields,
            requested_by=requested_by,
            requested_role=requested_role,
            requested_at=requested_at,
            request_reason=request_reason,
            status=status,
            decided_by=decided_by,
            decided_role=decided_role,
            decided_at=decided_at,
            decision_reason=decision_reason,
            applied_at=applied_at,
            change=change,
        )

        approval_view.additional_properties = d
        return approval_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
