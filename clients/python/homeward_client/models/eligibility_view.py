from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rule_view import RuleView
    from ..models.support_eligibility import SupportEligibility


T = TypeVar("T", bound="EligibilityView")


@_attrs_define
class EligibilityView:
    """Each eligibility rule for a worker today, and the supports that follow.

    Attributes:
        worker_id (str):
        assessed_on (datetime.date):
        rules (list[RuleView]):
        support (SupportEligibility): Which Subproject 2 supports the worker qualifies for, as intake decided.
    """

    worker_id: str
    assessed_on: datetime.date
    rules: list[RuleView]
    support: SupportEligibility
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        assessed_on = self.assessed_on.isoformat()

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        support = self.support.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "assessed_on": assessed_on,
                "rules": rules,
                "support": support,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_view import RuleView  # noqa: PLC0415
        from ..models.support_eligibility import SupportEligibility  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        assessed_on = datetime.date.fromisoformat(d.pop("assessed_on"))

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = RuleView.from_dict(rules_item_data)

            rules.append(rules_item)

        support = SupportEligibility.from_dict(d.pop("support"))

        eligibility_view = cls(
            worker_id=worker_id,
            assessed_on=assessed_on,
            rules=rules,
            support=support,
        )

        eligibility_view.additional_properties = d
        return eligibility_view

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
