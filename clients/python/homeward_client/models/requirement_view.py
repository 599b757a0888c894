from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RequirementView")


@_attrs_define
class RequirementView:
    """One requirement of a market and what proves it for this worker.

    Attributes:
        code (str):
        description (str):
        met (bool):
        certificate_numbers (list[str]):
        assessment_ids (list[str]):
    """

    code: str
    description: str
    met: bool
    certificate_numbers: list[str]
    assessment_ids: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        description = self.description

        met = self.met

        certificate_numbers = self.certificate_numbers

        assessment_ids = self.assessment_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "description": description,
                "met": met,
                "certificate_numbers": certificate_numbers,
                "assessment_ids": assessment_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        description = d.pop("description")

        met = d.pop("met")

        certificate_numbers = cast(list[str], d.pop("certificate_numbers"))

        assessment_ids = cast(list[str], d.pop("assessment_ids"))

        requirement_view = cls(
            code=code,
            description=description,
            met=met,
            certificate_numbers=certificate_numbers,
            assessment_ids=assessment_ids,
        )

        requirement_view.additional_properties = d
        return requirement_view

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
