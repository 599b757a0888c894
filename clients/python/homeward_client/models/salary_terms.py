from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SalaryTerms")


@_attrs_define
class SalaryTerms:
    """A monthly salary in the job's currency and its VND equivalent.

    Attributes:
        monthly_salary (float):
        salary_currency (str):
        monthly_salary_vnd (int):
    """

    monthly_salary: float
    salary_currency: str
    monthly_salary_vnd: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        monthly_salary = self.monthly_salary

        salary_currency = self.salary_currency

        monthly_salary_vnd = self.monthly_salary_vnd

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "monthly_salary": monthly_salary,
                "salary_currency": salary_currency,
                "monthly_salary_vnd": monthly_salary_vnd,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        monthly_salary = d.pop("monthly_salary")

        salary_currency = d.pop("salary_currency")

        monthly_salary_vnd = d.pop("monthly_salary_vnd")

        salary_terms = cls(
            monthly_salary=monthly_salary,
            salary_currency=salary_currency,
            monthly_salary_vnd=monthly_salary_vnd,
        )

        salary_terms.additional_properties = d
        return salary_terms

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
