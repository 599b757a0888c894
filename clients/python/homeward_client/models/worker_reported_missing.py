from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.missing_kind import MissingKind

T = TypeVar("T", bound="WorkerReportedMissing")


@_attrs_define
class WorkerReportedMissing:
    """A worker abroad is out of reach (missing, or absconded from the employer): when they were
    last in contact, and what the centre has done to find them.

        Attributes:
            worker_id (str):
            placement_id (str):
            kind (MissingKind): How a worker abroad went out of reach.
            last_contact_at (datetime.datetime):
            steps_taken (list[str]):
            reported_by (str):
            reported_at (datetime.datetime):
    """

    worker_id: str
    placement_id: str
    kind: MissingKind
    last_contact_at: datetime.datetime
    steps_taken: list[str]
    reported_by: str
    reported_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        placement_id = self.placement_id

        kind = self.kind.value

        last_contact_at = self.last_contact_at.isoformat()

        steps_taken = self.steps_taken

        reported_by = self.reported_by

        reported_at = self.reported_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "placement_id": placement_id,
                "kind": kind,
                "last_contact_at": last_contact_at,
                "steps_taken": steps_taken,
                "reported_by": reported_by,
                "reported_at": reported_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        placement_id = d.pop("placement_id")

        kind = MissingKind(d.pop("kind"))

        last_contact_at = datetime.datetime.fromisoformat(d.pop("last_contact_at"))

        steps_taken = cast(list[str], d.pop("steps_taken"))

        reported_by = d.pop("reported_by")

        reported_at = datetime.datetime.fromisoformat(d.pop("reported_at"))

        worker_reported_missing = cls(
            worker_id=worker_id,
            placement_id=placement_id,
            kind=kind,
            last_contact_at=last_contact_at,
            steps_taken=steps_taken,
            reported_by=reported_by,
            reported_at=reported_at,
        )

        worker_reported_missing.additional_properties = d
        return worker_reported_missing

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
