from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FormerProvince")


@_attrs_define
class FormerProvince:
    """One of the 63 provinces before 2025-07-01, and the province it lies in now.

    Attributes:
        code (str):
        name (str):
        successor_code (None | str): The current province it was merged into
    """

    code: str
    name: str
    successor_code: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        successor_code: None | str
        successor_code = self.successor_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "name": name,
                "successor_code": successor_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        def _parse_successor_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        successor_code = _parse_successor_code(d.pop("successor_code"))

        former_province = cls(
            code=code,
            name=name,
            successor_code=successor_code,
        )

        former_province.additional_properties = d
        return former_province

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
