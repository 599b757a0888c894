from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.missing_kind import MissingKind

T = TypeVar("T", bound="ReportMissing")


@_attrs_define
class ReportMissing:
    """A worker abroad is out of reach: since when, and what has been done to find them.

    Attributes:
        kind (MissingKind): How a worker abroad went out of reach.
        last_contact_at (datetime.datetime): The last time anyone (the centre, the family, the employer) reached them
        steps_taken (list[str]): What was done to find them, e.g. 'called the employer', 'told the embassy'
    """

    kind: MissingKind
    last_contact_at: datetime.datetime
    steps_taken: list[str]

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        last_contact_at = self.last_contact_at.isoformat()

        steps_taken = self.steps_taken

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "last_contact_at": last_contact_at,
                "steps_taken": steps_taken,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = MissingKind(d.pop("kind"))

        last_contact_at = datetime.datetime.fromisoformat(d.pop("last_contact_at"))

        steps_taken = cast(list[str], d.pop("steps_taken"))

        report_missing = cls(
            kind=kind,
            last_contact_at=last_contact_at,
            steps_taken=steps_taken,
        )

        return report_missing
