from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.licence_status import LicenceStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Licence")


@_attrs_define
class Licence:
    """A licence and its current status.

    Attributes:
        number (str):
        issuing_authority (str):
        valid_from (datetime.date):
        valid_until (datetime.date):
        status (LicenceStatus | Unset): The state of a sending licence, as the ministry decided it.
        status_reason (None | str | Unset):
        status_since (datetime.date | None | Unset):
    """

    number: str
    issuing_authority: str
    valid_from: datetime.date
    valid_until: datetime.date
    status: LicenceStatus | Unset = UNSET
    status_reason: None | str | Unset = UNSET
    status_since: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        issuing_authority = self.issuing_authority

        valid_from = self.valid_from.isoformat()

        valid_until = self.valid_until.isoformat()

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        status_reason: None | str | Unset
        if isinstance(self.status_reason, Unset):
            status_reason = UNSET
        else:
            status_reason = self.status_reason

        status_since: None | str | Unset
        if isinstance(self.status_since, Unset):
            status_since = UNSET
        elif isinstance(self.status_since, datetime.date):
            status_since = self.status_since.isoformat()
        else:
            status_since = self.status_since

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "number": number,
                "issuing_authority": issuing_authority,
                "valid_from": valid_from,
                "valid_until": valid_until,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if status_reason is not UNSET:
            field_dict["status_reason"] = status_reason
        if status_since is not UNSET:
            field_dict["status_since"] = status_since

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        number = d.pop("number")

        issuing_authority = d.pop("issuing_authority")

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        valid_until = datetime.date.fromisoformat(d.pop("valid_until"))

        _status = d.pop("status", UNSET)
        status: LicenceStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = LicenceStatus(_status)

        def _parse_status_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status_reason = _parse_status_reason(d.pop("status_reason", UNSET))

        def _parse_status_since(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_since_type_0 = datetime.date.fromisoformat(data)

                return status_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        status_since = _parse_status_since(d.pop("status_since", UNSET))

        licence = cls(
            number=number,
            issuing_authority=issuing_authority,
            valid_from=valid_from,
            valid_until=valid_until,
            status=status,
            status_reason=status_reason,
            status_since=status_since,
        )

        licence.additional_properties = d
        return licence

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
