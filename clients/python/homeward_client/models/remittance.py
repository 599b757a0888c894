from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Remittance")


@_attrs_define
class Remittance:
    """One remittance, with where the worker's home is, for totals by locality.

    Attributes:
        remittance_id (str):
        worker_id (str):
        placement_id (str):
        amount (float):
        currency (str):
        amount_vnd (int):
        sent_on (datetime.date):
        reported_by (str):
        reported_at (datetime.datetime):
        province_code (None | str | Unset):
        commune_code (None | str | Unset):
    """

    remittance_id: str
    worker_id: str
    placement_id: str
    amount: float
    currency: str
    amount_vnd: int
    sent_on: datetime.date
    reported_by: str
    reported_at: datetime.datetime
    province_code: None | str | Unset = UNSET
    commune_code: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        remittance_id = self.remittance_id

        worker_id = self.worker_id

        placement_id = self.placement_id

        amount = self.amount

        currency = self.currency

        amount_vnd = self.amount_vnd

        sent_on = self.sent_on.isoformat()

        reported_by = self.reported_by

        reported_at = self.reported_at.isoformat()

        province_code: None | str | Unset
        if isinstance(self.province_code, Unset):
            province_code = UNSET
        else:
            province_code = self.province_code

        commune_code: None | str | Unset
        if isinstance(self.commune_code, Unset):
            commune_code = UNSET
        else:
            commune_code = self.commune_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "remittance_id": remittance_id,
                "worker_id": worker_id,
                "placement_id": placement_id,
                "amount": amount,
                "currency": currency,
                "amount_vnd": amount_vnd,
                "sent_on": sent_on,
                "reported_by": reported_by,
                "reported_at": reported_at,
            }
        )
        if province_code is not UNSET:
            field_dict["province_code"] = province_code
        if commune_code is not UNSET:
            field_dict["commune_code"] = commune_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        remittance_id = d.pop("remittance_id")

        worker_id = d.pop("worker_id")

        placement_id = d.pop("placement_id")

        amount = d.pop("amount")

        currency = d.pop("currency")

        amount_vnd = d.pop("amount_vnd")

        sent_on = datetime.date.fromisoformat(d.pop("sent_on"))

        reported_by = d.pop("reported_by")

        reported_at = datetime.datetime.fromisoformat(d.pop("reported_at"))

        def _parse_province_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        province_code = _parse_province_code(d.pop("province_code", UNSET))

        def _parse_commune_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        commune_code = _parse_commune_code(d.pop("commune_code", UNSET))

        remittance = cls(
            remittance_id=remittance_id,
            worker_id=worker_id,
            placement_id=placement_id,
            amount=amount,
            currency=currency,
            amount_vnd=amount_vnd,
            sent_on=sent_on,
            reported_by=reported_by,
            reported_at=reported_at,
            province_code=province_code,
            commune_code=commune_code,
        )

        remittance.additional_properties = d
        return remittance

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
