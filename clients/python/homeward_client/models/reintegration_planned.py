from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reintegration_goal import ReintegrationGoal
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReintegrationPlanned")


@_attrs_define
class ReintegrationPlanned:
    """A returned worker's needs were assessed: skills gained, savings, plans.

    Attributes:
        worker_id (str):
        placement_id (str):
        plans (list[ReintegrationGoal]):
        assessed_by (str):
        assessed_at (datetime.datetime):
        skills_gained (list[str] | Unset):
        language_level (None | str | Unset):
        savings_vnd (int | None | Unset):
        notes (None | str | Unset):
    """

    worker_id: str
    placement_id: str
    plans: list[ReintegrationGoal]
    assessed_by: str
    assessed_at: datetime.datetime
    skills_gained: list[str] | Unset = UNSET
    language_level: None | str | Unset = UNSET
    savings_vnd: int | None | Unset = UNSET
    notes: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        placement_id = self.placement_id

        plans = []
        for plans_item_data in self.plans:
            plans_item = plans_item_data.value
            plans.append(plans_item)

        assessed_by = self.assessed_by

        assessed_at = self.assessed_at.isoformat()

        skills_gained: list[str] | Unset = UNSET
        if not isinstance(self.skills_gained, Unset):
            skills_gained = self.skills_gained

        language_level: None | str | Unset
        if isinstance(self.language_level, Unset):
            language_level = UNSET
        else:
            language_level = self.language_level

        savings_vnd: int | None | Unset
        if isinstance(self.savings_vnd, Unset):
            savings_vnd = UNSET
        else:
            savings_vnd = self.savings_vnd

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "placement_id": placement_id,
                "plans": plans,
                "assessed_by": assessed_by,
                "assessed_at": assessed_at,
            }
        )
        if skills_gained is not UNSET:
            field_dict["skills_gained"] = skills_gained
        if language_level is not UNSET:
            field_dict["language_level"] = language_level
        if savings_vnd is not UNSET:
            field_dict["savings_vnd"] = savings_vnd
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        placement_id = d.pop("placement_id")

        plans = []
        _plans = d.pop("plans")
        for plans_item_data in _plans:
            plans_item = ReintegrationGoal(plans_item_data)

            plans.append(plans_item)

        assessed_by = d.pop("assessed_by")

        assessed_at = datetime.datetime.fromisoformat(d.pop("assessed_at"))

        skills_gained = cast(list[str], d.pop("skills_gained", UNSET))

        def _parse_language_level(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language_level = _parse_language_level(d.pop("language_level", UNSET))

        def _parse_savings_vnd(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        savings_vnd = _parse_savings_vnd(d.pop("savings_vnd", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        reintegration_planned = cls(
            worker_id=worker_id,
            placement_id=placement_id,
            plans=plans,
            assessed_by=assessed_by,
            assessed_at=assessed_at,
            skills_gained=skills_gained,
            language_level=language_level,
            savings_vnd=savings_vnd,
            notes=notes,
        )

        reintegration_planned.additional_properties = d
        return reintegration_planned

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
