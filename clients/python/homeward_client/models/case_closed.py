from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.closure_reason import ClosureReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="CaseClosed")


@_attrs_define
class CaseClosed:
    """A returned worker's aftercare case closed; intake may then start their next journey.

    Attributes:
        worker_id (str):
        placement_id (str):
        reason (ClosureReason): Why an aftercare case closed.
        closed_by (str):
        closed_at (datetime.datetime):
        notes (None | str | Unset):
    """

    worker_id: str
    placement_id: str
    reason: ClosureReason
    closed_by: str
    closed_at: datetime.datetime
    notes: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        placement_id = self.placement_id

        reason = self.reason.value

        closed_by = self.closed_by

        closed_at = self.closed_at.isoformat()

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
                "reason": reason,
                "closed_by": closed_by,
                "closed_at": closed_at,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        placement_id = d.pop("placement_id")

        reason = ClosureReason(d.pop("reason"))

        closed_by = d.pop("closed_by")

        closed_at = datetime.datetime.fromisoformat(d.pop("closed_at"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        case_closed = cls(
            worker_id=worker_id,
            placement_id=placement_id,
            reason=reason,
            closed_by=closed_by,
            closed_at=closed_at,
            notes=notes,
        )

        case_closed.additional_properties = d
        return case_closed

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
