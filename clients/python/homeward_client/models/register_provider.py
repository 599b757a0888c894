from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.course_kind import CourseKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="RegisterProvider")


@_attrs_define
class RegisterProvider:
    """A training provider as an officer registers it.

    Attributes:
        name (str):
        province_code (str): Province where it teaches
        kinds (list[CourseKind]): Kinds of course it offers
        licence_number (None | str | Unset):
    """

    name: str
    province_code: str
    kinds: list[CourseKind]
    licence_number: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        province_code = self.province_code

        kinds = []
        for kinds_item_data in self.kinds:
            kinds_item = kinds_item_data.value
            kinds.append(kinds_item)

        licence_number: None | str | Unset
        if isinstance(self.licence_number, Unset):
            licence_number = UNSET
        else:
            licence_number = self.licence_number

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "province_code": province_code,
                "kinds": kinds,
            }
        )
        if licence_number is not UNSET:
            field_dict["licence_number"] = licence_number

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

        def _parse_licence_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        licence_number = _parse_licence_number(d.pop("licence_number", UNSET))

        register_provider = cls(
            name=name,
            province_code=province_code,
            kinds=kinds,
            licence_number=licence_number,
        )

        return register_provider
