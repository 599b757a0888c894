from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.licence_change import LicenceChange
from ..models.licence_status import LicenceStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="LicenceRecord")


@_attrs_define
class LicenceRecord:
    """One change in a licence's history.

    Attributes:
        change (LicenceChange): What happened to a licence.
        number (str):
        status (LicenceStatus): The state of a sending licence, as the ministry decided it.
        effective_on (datetime.date):
        changed_at (datetime.datetime):
        reason (None | str | Unset):
    """

    change: LicenceChange
    number: str
    status: LicenceStatus
    effective_on: datetime.date
    changed_at: datetime.datetime
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        change = self.change.value

        number = self.number

        status = self.status.value

        effective_on = self.effective_on.isoformat()

        changed_at = self.changed_at.isoformat()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "change": change,
                "number": number,
                "status": status,
                "effective_on": effective_on,
                "changed_at": changed_at,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        change = LicenceChange(d.pop("change"))

        number = d.pop("number")

        status = LicenceStatus(d.pop("status"))

        effective_on = datetime.date.fromisoformat(d.pop("effective_on"))

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        licence_record = cls(
            change=change,
            number=number,
            status=status,
            effective_on=effective_on,
            changed_at=changed_at,
            reason=reason,
        )

        licence_record.additional_properties = d
        return licence_record

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
