from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.referral_kind import ReferralKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReintegrationReferred")


@_attrs_define
class ReintegrationReferred:
    """A returned worker was referred to a domestic job, start-up support or credit.

    Attributes:
        worker_id (str):
        placement_id (str):
        referral_id (str):
        kind (ReferralKind): Where the centre refers a returned worker.
        organisation (str):
        referred_by (str):
        referred_at (datetime.datetime):
        notes (None | str | Unset):
    """

    worker_id: str
    placement_id: str
    referral_id: str
    kind: ReferralKind
    organisation: str
    referred_by: str
    referred_at: datetime.datetime
    notes: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        placement_id = self.placement_id

        referral_id = self.referral_id

        kind = self.kind.value

        organisation = self.organisation

        referred_by = self.referred_by

        referred_at = self.referred_at.isoformat()

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
                "referral_id": referral_id,
                "kind": kind,
                "organisation": organisation,
                "referred_by": referred_by,
                "referred_at": referred_at,
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

        referral_id = d.pop("referral_id")

        kind = ReferralKind(d.pop("kind"))

        organisation = d.pop("organisation")

        referred_by = d.pop("referred_by")

        referred_at = datetime.datetime.fromisoformat(d.pop("referred_at"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        reintegration_referred = cls(
            worker_id=worker_id,
            placement_id=placement_id,
            referral_id=referral_id,
            kind=kind,
            organisation=organisation,
            referred_by=referred_by,
            referred_at=referred_at,
            notes=notes,
        )

        reintegration_referred.additional_properties = d
        return reintegration_referred

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
