from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ContractEnding")


@_attrs_define
class ContractEnding:
    """A worker abroad whose contract ends within the window (or already ended).

    Attributes:
        worker_id (str):
        full_name (None | str):
        province_code (None | str):
        commune_code (None | str):
        placement_id (None | str):
        country (None | str):
        employer (None | str):
        expected_return (datetime.date):
        days_left (int):
    """

    worker_id: str
    full_name: None | str
    province_code: None | str
    commune_code: None | str
    placement_id: None | str
    country: None | str
    employer: None | str
    expected_return: datetime.date
    days_left: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        full_name: None | str
        full_name = self.full_name

        province_code: None | str
        province_code = self.province_code

        commune_code: None | str
        commune_code = self.commune_code

        placement_id: None | str
        placement_id = self.placement_id

        country: None | str
        country = self.country

        employer: None | str
        employer = self.employer

        expected_return = self.expected_return.isoformat()

        days_left = self.days_left

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "full_name": full_name,
                "province_code": province_code,
                "commune_code": commune_code,
                "placement_id": placement_id,
                "country": country,
                "employer": employer,
                "expected_return": expected_return,
                "days_left": days_left,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        def _parse_full_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        full_name = _parse_full_name(d.pop("full_name"))

        def _parse_province_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        province_code = _parse_province_code(d.pop("province_code"))

        def _parse_commune_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        commune_code = _parse_commune_code(d.pop("commune_code"))

        def _parse_placement_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        placement_id = _parse_placement_id(d.pop("placement_id"))

        def _parse_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country = _parse_country(d.pop("country"))

        def _parse_employer(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        employer = _parse_employer(d.pop("employer"))

        expected_return = datetime.date.fromisoformat(d.pop("expected_return"))

        days_left = d.pop("days_left")

        contract_ending = cls(
            worker_id=worker_id,
            full_name=full_name,
            province_code=province_code,
            commune_code=commune_code,
            placement_id=placement_id,
            country=country,
            employer=employer,
            expected_return=expected_return,
            days_left=days_left,
        )

        contract_ending.additional_properties = d
        return contract_ending

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
