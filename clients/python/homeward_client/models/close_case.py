from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.closure_reason import ClosureReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="CloseCase")


@_attrs_define
class CloseCase:
    """Closes a returned worker's case.

    Attributes:
        reason (ClosureReason): Why an aftercare case closed.
        notes (None | str | Unset):
    """

    reason: ClosureReason
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason.value

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = ClosureReason(d.pop("reason"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        close_case = cls(
            reason=reason,
            notes=notes,
        )

        return close_case
