from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RemittanceTotal")


@_attrs_define
class RemittanceTotal:
    """The remittances of one group: how many, and how much in VND.

    Attributes:
        count (int):
        total_vnd (int):
        worker_id (None | str | Unset):
        province_code (None | str | Unset):
        commune_code (None | str | Unset):
        month (None | str | Unset):
    """

    count: int
    total_vnd: int
    worker_id: None | str | Unset = UNSET
    province_code: None | str | Unset = UNSET
    commune_code: None | str | Unset = UNSET
    month: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        total_vnd = self.total_vnd

        worker_id: None | str | Unset
        if isinstance(self.worker_id, Unset):
            worker_id = UNSET
        else:
            worker_id = self.worker_id

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

        month: None | str | Unset
        if isinstance(self.month, Unset):
            month = UNSET
        else:
            month = self.month

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "total_vnd": total_vnd,
            }
        )
        if worker_id is not UNSET:
            field_dict["worker_id"] = worker_id
        if province_code is not UNSET:
            field_dict["province_code"] = province_code
        if commune_code is not UNSET:
            field_dict["commune_code"] = commune_code
        if month is not UNSET:
            field_dict["month"] = month

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        total_vnd = d.pop("total_vnd")

        def _parse_worker_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        worker_id = _parse_worker_id(d.pop("worker_id", UNSET))

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

        def _parse_month(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        month = _parse_month(d.pop("month", UNSET))

        remittance_total = cls(
            count=count,
            total_vnd=total_vnd,
            worker_id=worker_id,
            province_code=province_code,
            commune_code=commune_code,
            month=month,
        )

        remittance_total.additional_properties = d
        return remittance_total

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
