from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.referral_agency import ReferralAgency

T = TypeVar("T", bound="IntakeReferWorker")


@_attrs_define
class IntakeReferWorker:
    """The commune refers the worker to a job centre, a health service or a legal aid office.

    Attributes:
        agency (ReferralAgency): Where a worker is referred: an agency outside Homeward's services.
        agency_name (str):
        reason (str):
    """

    agency: ReferralAgency
    agency_name: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        agency = self.agency.value

        agency_name = self.agency_name

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "agency": agency,
                "agency_name": agency_name,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agency = ReferralAgency(d.pop("agency"))

        agency_name = d.pop("agency_name")

        reason = d.pop("reason")

        intake_refer_worker = cls(
            agency=agency,
            agency_name=agency_name,
            reason=reason,
        )

        return intake_refer_worker
