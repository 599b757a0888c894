from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AssignIncident")


@_attrs_define
class AssignIncident:
    """Hands an incident to an officer.

    Attributes:
        assignee (str):
    """

    assignee: str

    def to_dict(self) -> dict[str, Any]:
        assignee = self.assignee

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "assignee": assignee,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        assignee = d.pop("assignee")

        assign_incident = cls(
            assignee=assignee,
        )

        return assign_incident
