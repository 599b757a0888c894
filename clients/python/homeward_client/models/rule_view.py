from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.outcome import Outcome
from ..models.rule import Rule

T = TypeVar("T", bound="RuleView")


@_attrs_define
class RuleView:
    """One rule's outcome and reason.

    Attributes:
        rule (Rule): The rules intake applies, by name.
        outcome (Outcome): A rule's verdict.
        reason (str):
    """

    rule: Rule
    outcome: Outcome
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rule = self.rule.value

        outcome = self.outcome.value

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rule": rule,
                "outcome": outcome,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rule = Rule(d.pop("rule"))

        outcome = Outcome(d.pop("outcome"))

        reason = d.pop("reason")

        rule_view = cls(
            rule=rule,
            outcome=outcome,
            reason=reason,
        )

        rule_view.additional_properties = d
        return rule_view

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
