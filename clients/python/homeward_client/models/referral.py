from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.referral_agency import ReferralAgency
from ..models.referral_outcome import ReferralOutcome
from ..types import UNSET, Unset

T = TypeVar("T", bound="Referral")


@_attrs_define
class Referral:
    """A referral of the worker to an outside agency, and what came of it.

    Attributes:
        referral_id (str):
        worker_id (str):
        agency (ReferralAgency): Where a worker is referred: an agency outside Homeward's services.
        agency_name (str):
        reason (str):
        referred_by (str):
        referred_at (datetime.datetime):
        outcome (None | ReferralOutcome | Unset):
        outcome_note (None | str | Unset):
        outcome_by (None | str | Unset):
        outcome_at (datetime.datetime | None | Unset):
    """

    referral_id: str
    worker_id: str
    agency: ReferralAgency
    agency_name: str
    reason: str
    referred_by: str
    referred_at: datetime.datetime
    outcome: None | ReferralOutcome | Unset = UNSET
    outcome_note: None | str | Unset = UNSET
    outcome_by: None | str | Unset = UNSET
    outcome_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        referral_id = self.referral_id

        worker_id = self.worker_id

        agency = self.agency.value

        agency_name = self.agency_name

        reason = self.reason

        referred_by = self.referred_by

        referred_at = self.referred_at.isoformat()

        outcome: None | str | Unset
        if isinstance(self.outcome, Unset):
            outcome = UNSET
        elif isinstance(self.outcome, ReferralOutcome):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        outcome_note: None | str | Unset
        if isinstance(self.outcome_note, Unset):
            outcome_note = UNSET
        else:
            outcome_note = self.outcome_note

        outcome_by: None | str | Unset
        if isinstance(self.outcome_by, Unset):
            outcome_by = UNSET
        else:
            outcome_by = self.outcome_by

        outcome_at: None | str | Unset
        if isinstance(self.outcome_at, Unset):
            outcome_at = UNSET
        elif isinstance(self.outcome_at, datetime.datetime):
            outcome_at = self.outcome_at.isoformat()
        else:
            outcome_at = self.outcome_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "referral_id": referral_id,
                "worker_id": worker_id,
                "agency": agency,
                "agency_name": agency_name,
                "reason": reason,
                "referred_by": referred_by,
                "referred_at": referred_at,
            }
        )
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if outcome_note is not UNSET:
            field_dict["outcome_note"] = outcome_note
        if outcome_by is not UNSET:
            field_dict["outcome_by"] = outcome_by
        if outcome_at is not UNSET:
            field_dict["outcome_at"] = outcome_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        referral_id = d.pop("referral_id")

        worker_id = d.pop("worker_id")

        agency = ReferralAgency(d.pop("agency"))

        agency_name = d.pop("agency_name")

        reason = d.pop("reason")

        referred_by = d.pop("referred_by")

        referred_at = datetime.datetime.fromisoformat(d.pop("referred_at"))

        def _parse_outcome(data: object) -> None | ReferralOutcome | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_0 = ReferralOutcome(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReferralOutcome | Unset, data)

        outcome = _parse_outcome(d.pop("outcome", UNSET))

        def _parse_outcome_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        outcome_note = _parse_outcome_note(d.pop("outcome_note", UNSET))

        def _parse_outcome_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        outcome_by = _parse_outcome_by(d.pop("outcome_by", UNSET))

        def _parse_outcome_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_at_type_0 = datetime.datetime.fromisoformat(data)

                return outcome_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        outcome_at = _parse_outcome_at(d.pop("outcome_at", UNSET))

        referral = cls(
            referral_id=referral_id,
            worker_id=worker_id,
            agency=agency,
            agency_name=agency_name,
            reason=reason,
            referred_by=referred_by,
            referred_at=referred_at,
            outcome=outcome,
            outcome_note=outcome_note,
            outcome_by=outcome_by,
            outcome_at=outcome_at,
        )

        referral.additional_properties = d
        return referral

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
