from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.course_kind import CourseKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="Provider")


@_attrs_define
class Provider:
    """A training institution: a language centre, a vocational school, an enterprise's school.

    Attributes:
        name (str):
        province_code (str): Province where it teaches
        kinds (list[CourseKind]): Kinds of course it offers
        provider_id (str):
        licence_number (None | str | Unset):
        active (bool | Unset):  Default: True.
    """

    name: str
    province_code: str
    kinds: list[CourseKind]
    provider_id: str
    licence_number: None | str | Unset = UNSET
    active: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        province_code = self.province_code

        kinds = []
        for kinds_item_data in self.kinds:
            kinds_item = kinds_item_data.value
            kinds.append(kinds_item)

        provider_id = self.provider_id

        licence_number: None | str | Unset
        if isinstance(self.licence_number, Unset):
            licence_number = UNSET
        else:
            licence_number = self.licence_number

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "province_code": province_code,
                "kinds": kinds,
                "provider_id": provider_id,
            }
        )
        if licence_number is not UNSET:
            field_dict["licence_number"] = licence_number
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        province_code = d.pop("province_code")

        kinds = []
        _kinds = d.pop("kinds")
        for kinds_item_data in _kinds:
            kinds_item = CourseKind(kinds_item_data)

            kinds.append(kinds_item)

        provider_id = d.pop("provider_id")

        def _parse_licence_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        licence_number = _parse_licence_number(d.pop("licence_number", UNSET))

        active = d.pop("active", UNSET)

        provider = cls(
            name=name,
            province_code=province_code,
            kinds=kinds,
            provider_id=provider_id,
            licence_number=licence_number,
            active=active,
        )

        provider.additional_properties = d
        return provider

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
