from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Locality")


@_attrs_define
class Locality:
    """Where a worker lives: today's units, and the units before the 2025 reorganisation.

    Attributes:
        province_code (str): Current province code (34 provinces since 2025-07-01)
        commune_code (str): Current commune or ward code
        former_province_code (None | str | Unset): Province before 2025
        former_district_code (None | str | Unset): District before 2025
        former_commune_code (None | str | Unset): Commune before 2025
    """

    province_code: str
    commune_code: str
    former_province_code: None | str | Unset = UNSET
    former_district_code: None | str | Unset = UNSET
    former_commune_code: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        province_code = self.province_code

        commune_code = self.commune_code

        former_province_code: None | str | Unset
        if isinstance(self.former_province_code, Unset):
            former_province_code = UNSET
        else:
            former_province_code = self.former_province_code

        former_district_code: None | str | Unset
        if isinstance(self.former_district_code, Unset):
            former_district_code = UNSET
        else:
            former_district_code = self.former_district_code

        former_commune_code: None | str | Unset
        if isinstance(self.former_commune_code, Unset):
            former_commune_code = UNSET
        else:
            former_commune_code = self.former_commune_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "province_code": province_code,
                "commune_code": commune_code,
            }
        )
        if former_province_code is not UNSET:
            field_dict["former_province_code"] = former_province_code
        if former_district_code is not UNSET:
            field_dict["former_district_code"] = former_district_code
        if former_commune_code is not UNSET:
            field_dict["former_commune_code"] = former_commune_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        province_code = d.pop("province_code")

        commune_code = d.pop("commune_code")

        def _parse_former_province_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        former_province_code = _parse_former_province_code(d.pop("former_province_code", UNSET))

        def _parse_former_district_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        former_district_code = _parse_former_district_code(d.pop("former_district_code", UNSET))

        def _parse_former_commune_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        former_commune_code = _parse_former_commune_code(d.pop("former_commune_code", UNSET))

        locality = cls(
            province_code=province_code,
            commune_code=commune_code,
            former_province_code=former_province_code,
            former_district_code=former_district_code,
            former_commune_code=former_commune_code,
        )

        locality.additional_properties = d
        return locality

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
