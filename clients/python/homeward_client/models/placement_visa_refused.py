from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.market import Market

T = TypeVar("T", bound="PlacementVisaRefused")


@_attrs_define
class PlacementVisaRefused:
    """The destination country refused the visa: the placement ended, its position is free.

    Attributes:
        worker_id (str):
        placement_id (str):
        job_order_id (str):
        enterprise_id (str):
        country (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
        applied_on (datetime.date):
        refused_on (datetime.date):
        reason (str):
        recorded_at (datetime.datetime):
    """

    worker_id: str
    placement_id: str
    job_order_id: str
    enterprise_id: str
    country: Market
    applied_on: datetime.date
    refused_on: datetime.date
    reason: str
    recorded_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        placement_id = self.placement_id

        job_order_id = self.job_order_id

        enterprise_id = self.enterprise_id

        country = self.country.value

        applied_on = self.applied_on.isoformat()

        refused_on = self.refused_on.isoformat()

        reason = self.reason

        recorded_at = self.recorded_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "placement_id": placement_id,
                "job_order_id": job_order_id,
                "enterprise_id": enterprise_id,
                "country": country,
                "applied_on": applied_on,
                "refused_on": refused_on,
                "reason": reason,
                "recorded_at": recorded_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        placement_id = d.pop("placement_id")

        job_order_id = d.pop("job_order_id")

        enterprise_id = d.pop("enterprise_id")

        country = Market(d.pop("country"))

        applied_on = datetime.date.fromisoformat(d.pop("applied_on"))

        refused_on = datetime.date.fromisoformat(d.pop("refused_on"))

        reason = d.pop("reason")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        placement_visa_refused = cls(
            worker_id=worker_id,
            placement_id=placement_id,
            job_order_id=job_order_id,
            enterprise_id=enterprise_id,
            country=country,
            applied_on=applied_on,
            refused_on=refused_on,
            reason=reason,
            recorded_at=recorded_at,
        )

        placement_visa_refused.additional_properties = d
        return placement_visa_refused

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
