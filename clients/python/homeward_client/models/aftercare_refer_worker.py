from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.referral_kind import ReferralKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="AftercareReferWorker")


@_attrs_define
class AftercareReferWorker:
    """A referral to a domestic job opening, business start-up support or credit.

    Attributes:
        kind (ReferralKind): Where the centre refers a returned worker.
        organisation (str):
        notes (None | str | Unset):
    """

    kind: ReferralKind
    organisation: str
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        organisation = self.organisation

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "organisation": organisation,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = ReferralKind(d.pop("kind"))

        organisation = d.pop("organisation")

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        aftercare_refer_worker = cls(
            kind=kind,
            organisation=organisation,
            notes=notes,
        )

        return aftercare_refer_worker
