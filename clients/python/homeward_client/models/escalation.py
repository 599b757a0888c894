from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.escalation_level import EscalationLevel

T = TypeVar("T", bound="Escalation")


@_attrs_define
class Escalation:
    """An escalation of an overdue incident.

    Attributes:
        level (EscalationLevel): Who an overdue incident is escalated to: the centre first, then the province.
        missed_deadline (datetime.datetime):
        escalated_at (datetime.datetime):
    """

    level: EscalationLevel
    missed_deadline: datetime.datetime
    escalated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        level = self.level.value

        missed_deadline = self.missed_deadline.isoformat()

        escalated_at = self.escalated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "level": level,
                "missed_deadline": missed_deadline,
                "escalated_at": escalated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        level = EscalationLevel(d.pop("level"))

        missed_deadline = datetime.datetime.fromisoformat(d.pop("missed_deadline"))

        escalated_at = datetime.datetime.fromisoformat(d.pop("escalated_at"))

        escalation = cls(
            level=level,
            missed_deadline=missed_deadline,
            escalated_at=escalated_at,
        )

        escalation.additional_properties = d
        return escalation

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
