from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContractExtended")


@_attrs_define
class ContractExtended:
    """A worker abroad had their contract extended; the expected return moves to the new end.

    Attributes:
        worker_id (str):
        placement_id (str):
        previous_end (datetime.date):
        new_end (datetime.date):
        extended_by (str):
        extended_at (datetime.datetime):
        reason (None | str | Unset):
    """

    worker_id: str
    placement_id: str
    previous_end: datetime.date
    new_end: datetime.date
    extended_by: str
    extended_at: datetime.datetime
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        placement_id = self.placement_id

        previous_end = self.previous_end.isoformat()

        new_end = self.new_end.isoformat()

        extended_by = self.extended_by

        extended_at = self.extended_at.isoformat()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "placement_id": placement_id,
                "previous_end": previous_end,
                "new_end": new_end,
                "extended_by": extended_by,
                "extended_at": extended_at,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        placement_id = d.pop("placement_id")

        previous_end = datetime.date.fromisoformat(d.pop("previous_end"))

        new_end = datetime.date.fromisoformat(d.pop("new_end"))

        extended_by = d.pop("extended_by")

        extended_at = datetime.datetime.fromisoformat(d.pop("extended_at"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        contract_extended = cls(
            worker_id=worker_id,
            placement_id=placement_id,
            previous_end=previous_end,
            new_end=new_end,
            extended_by=extended_by,
            extended_at=extended_at,
            reason=reason,
        )

        contract_extended.additional_properties = d
        return contract_extended

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
