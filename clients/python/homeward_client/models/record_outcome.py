from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reintegration_outcome import ReintegrationOutcome
from ..types import UNSET, Unset

T = TypeVar("T", bound="RecordOutcome")


@_attrs_define
class RecordOutcome:
    """What became of the returned worker.

    Attributes:
        outcome (ReintegrationOutcome): What became of a returned worker.
        notes (None | str | Unset):
    """

    outcome: ReintegrationOutcome
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome.value

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "outcome": outcome,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        outcome = ReintegrationOutcome(d.pop("outcome"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        record_outcome = cls(
            outcome=outcome,
            notes=notes,
        )

        return record_outcome
