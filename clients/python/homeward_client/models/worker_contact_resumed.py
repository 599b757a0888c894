from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkerContactResumed")


@_attrs_define
class WorkerContactResumed:
    """A worker reported missing was found, or got in touch again.

    Attributes:
        worker_id (str):
        placement_id (str):
        contacted_at (datetime.datetime):
        recorded_by (str):
        recorded_at (datetime.datetime):
        notes (None | str | Unset):
    """

    worker_id: str
    placement_id: str
    contacted_at: datetime.datetime
    recorded_by: str
    recorded_at: datetime.datetime
    notes: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        placement_id = self.placement_id

        contacted_at = self.contacted_at.isoformat()

        recorded_by = self.recorded_by

        recorded_at = self.recorded_at.isoformat()

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
                "contacted_at": contacted_at,
                "recorded_by": recorded_by,
                "recorded_at": recorded_at,
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

        contacted_at = datetime.datetime.fromisoformat(d.pop("contacted_at"))

        recorded_by = d.pop("recorded_by")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        worker_contact_resumed = cls(
            worker_id=worker_id,
            placement_id=placement_id,
            contacted_at=contacted_at,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
            notes=notes,
        )

        worker_contact_resumed.additional_properties = d
        return worker_contact_resumed

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
