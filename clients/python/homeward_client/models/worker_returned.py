from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.return_reason import ReturnReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkerReturned")


@_attrs_define
class WorkerReturned:
    """The worker came home; reintegration starts.

    Attributes:
        worker_id (str):
        returned_on (datetime.date):
        reason (ReturnReason): Why a worker came home.
        recorded_at (datetime.datetime):
        placement_id (None | str | Unset):
        recorded_by (None | str | Unset):
    """

    worker_id: str
    returned_on: datetime.date
    reason: ReturnReason
    recorded_at: datetime.datetime
    placement_id: None | str | Unset = UNSET
    recorded_by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        returned_on = self.returned_on.isoformat()

        reason = self.reason.value

        recorded_at = self.recorded_at.isoformat()

        placement_id: None | str | Unset
        if isinstance(self.placement_id, Unset):
            placement_id = UNSET
        else:
            placement_id = self.placement_id

        recorded_by: None | str | Unset
        if isinstance(self.recorded_by, Unset):
            recorded_by = UNSET
        else:
            recorded_by = self.recorded_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "returned_on": returned_on,
                "reason": reason,
                "recorded_at": recorded_at,
            }
        )
        if placement_id is not UNSET:
            field_dict["placement_id"] = placement_id
        if recorded_by is not UNSET:
            field_dict["recorded_by"] = recorded_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        returned_on = datetime.date.fromisoformat(d.pop("returned_on"))

        reason = ReturnReason(d.pop("reason"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_placement_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        placement_id = _parse_placement_id(d.pop("placement_id", UNSET))

        def _parse_recorded_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recorded_by = _parse_recorded_by(d.pop("recorded_by", UNSET))

        worker_returned = cls(
            worker_id=worker_id,
            returned_on=returned_on,
            reason=reason,
            recorded_at=recorded_at,
            placement_id=placement_id,
            recorded_by=recorded_by,
        )

        worker_returned.additional_properties = d
        return worker_returned

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
