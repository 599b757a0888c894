from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResumeContact")


@_attrs_define
class ResumeContact:
    """A worker reported missing was found, or got in touch again.

    Attributes:
        contacted_at (datetime.datetime):
        notes (None | str | Unset):
    """

    contacted_at: datetime.datetime
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        contacted_at = self.contacted_at.isoformat()

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contacted_at": contacted_at,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contacted_at = datetime.datetime.fromisoformat(d.pop("contacted_at"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        resume_contact = cls(
            contacted_at=contacted_at,
            notes=notes,
        )

        return resume_contact
