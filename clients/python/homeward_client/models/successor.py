from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Successor")


@_attrs_define
class Successor:
    """Where a former commune lies today: one commune, or several if it was divided.

    Attributes:
        province_code (str):
        commune_codes (list[str]):
        default_commune_code (None | str): The one to choose when unsure
    """

    province_code: str
    commune_codes: list[str]
    default_commune_code: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        province_code = self.province_code

        commune_codes = self.commune_codes

        default_commune_code: None | str
        default_commune_code = self.default_commune_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "province_code": province_code,
                "commune_codes": commune_codes,
                "default_commune_code": default_commune_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        province_code = d.pop("province_code")

        commune_codes = cast(list[str], d.pop("commune_codes"))

        def _parse_default_commune_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        default_commune_code = _parse_default_commune_code(d.pop("default_commune_code"))

        successor = cls(
            province_code=province_code,
            commune_codes=commune_codes,
            default_commune_code=default_commune_code,
        )

        successor.additional_properties = d
        return successor

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
