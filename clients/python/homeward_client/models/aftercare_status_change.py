from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.incident_status import IncidentStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AftercareStatusChange")


@_attrs_define
class AftercareStatusChange:
    """One step of an incident's status, with who took it and why.

    Attributes:
        from_status (IncidentStatus): Where an incident stands: open -> in_progress -> resolved -> closed.
        to_status (IncidentStatus): Where an incident stands: open -> in_progress -> resolved -> closed.
        changed_by (str):
        changed_at (datetime.datetime):
        note (None | str | Unset):
    """

    from_status: IncidentStatus
    to_status: IncidentStatus
    changed_by: str
    changed_at: datetime.datetime
    note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_status = self.from_status.value

        to_status = self.to_status.value

        changed_by = self.changed_by

        changed_at = self.changed_at.isoformat()

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from_status": from_status,
                "to_status": to_status,
                "changed_by": changed_by,
                "changed_at": changed_at,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_status = IncidentStatus(d.pop("from_status"))

        to_status = IncidentStatus(d.pop("to_status"))

        changed_by = d.pop("changed_by")

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        aftercare_status_change = cls(
            from_status=from_status,
            to_status=to_status,
            changed_by=changed_by,
            changed_at=changed_at,
            note=note,
        )

        aftercare_status_change.additional_properties = d
        return aftercare_status_change

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
