from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.transition import Transition
from ..models.worker_status import WorkerStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="IntakeStatusChange")


@_attrs_define
class IntakeStatusChange:
    """One change of a case's status.

    Attributes:
        transition (Transition): What can happen to a case's status.
        status (WorkerStatus): Where a worker's case stands at intake.
        by (str):
        at (datetime.datetime):
        reason (None | str | Unset):
    """

    transition: Transition
    status: WorkerStatus
    by: str
    at: datetime.datetime
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        transition = self.transition.value

        status = self.status.value

        by = self.by

        at = self.at.isoformat()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transition": transition,
                "status": status,
                "by": by,
                "at": at,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        transition = Transition(d.pop("transition"))

        status = WorkerStatus(d.pop("status"))

        by = d.pop("by")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        intake_status_change = cls(
            transition=transition,
            status=status,
            by=by,
            at=at,
            reason=reason,
        )

        intake_status_change.additional_properties = d
        return intake_status_change

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
