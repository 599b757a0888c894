from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SupportEligibility")


@_attrs_define
class SupportEligibility:
    """Which Subproject 2 supports the worker qualifies for, as intake decided.

    Attributes:
        subproject2 (bool):
        training_cost_support (bool):
        preferential_loan (bool):
        reasons (list[str] | Unset):
    """

    subproject2: bool
    training_cost_support: bool
    preferential_loan: bool
    reasons: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        subproject2 = self.subproject2

        training_cost_support = self.training_cost_support

        preferential_loan = self.preferential_loan

        reasons: list[str] | Unset = UNSET
        if not isinstance(self.reasons, Unset):
            reasons = self.reasons

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "subproject2": subproject2,
                "training_cost_support": training_cost_support,
                "preferential_loan": preferential_loan,
            }
        )
        if reasons is not UNSET:
            field_dict["reasons"] = reasons

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subproject2 = d.pop("subproject2")

        training_cost_support = d.pop("training_cost_support")

        preferential_loan = d.pop("preferential_loan")

        reasons = cast(list[str], d.pop("reasons", UNSET))

        support_eligibility = cls(
            subproject2=subproject2,
            training_cost_support=training_cost_support,
            preferential_loan=preferential_loan,
            reasons=reasons,
        )

        support_eligibility.additional_properties = d
        return support_eligibility

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
