from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.successor import Successor


T = TypeVar("T", bound="FormerCommune")


@_attrs_define
class FormerCommune:
    """A commune or ward before 2025-07-01, its district, and where it lies today.

    Attributes:
        code (str):
        name (str):
        district_code (str):
        district_name (str):
        province_code (str): The province before 2025
        successor (None | Successor):
    """

    code: str
    name: str
    district_code: str
    district_name: str
    province_code: str
    successor: None | Successor
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.successor import Successor  # noqa: PLC0415

        code = self.code

        name = self.name

        district_code = self.district_code

        district_name = self.district_name

        province_code = self.province_code

        successor: dict[str, Any] | None
        if isinstance(self.successor, Successor):
            successor = self.successor.to_dict()
        else:
            successor = self.successor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "name": name,
                "district_code": district_code,
                "district_name": district_name,
                "province_code": province_code,
                "successor": successor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.successor import Successor  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        district_code = d.pop("district_code")

        district_name = d.pop("district_name")

        province_code = d.pop("province_code")

        def _parse_successor(data: object) -> None | Successor:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                successor_type_0 = Successor.from_dict(data)

                return successor_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Successor, data)

        successor = _parse_successor(d.pop("successor"))

        former_commune = cls(
            code=code,
            name=name,
            district_code=district_code,
            district_name=district_name,
            province_code=province_code,
            successor=successor,
        )

        former_commune.additional_properties = d
        return former_commune

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
