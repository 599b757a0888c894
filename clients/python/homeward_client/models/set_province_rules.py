from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.approval_rule import ApprovalRule


T = TypeVar("T", bound="SetProvinceRules")


@_attrs_define
class SetProvinceRules:
    """Rows of a province's table to set; actions not named keep their row.

    Attributes:
        rules (list[ApprovalRule]):
    """

    rules: list[ApprovalRule]

    def to_dict(self) -> dict[str, Any]:
        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rules": rules,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.approval_rule import ApprovalRule  # noqa: PLC0415

        d = dict(src_dict)
        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = ApprovalRule.from_dict(rules_item_data)

            rules.append(rules_item)

        set_province_rules = cls(
            rules=rules,
        )

        return set_province_rules
