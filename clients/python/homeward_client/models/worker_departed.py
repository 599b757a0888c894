from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.market import Market
from ..models.sector import Sector
from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkerDeparted")


@_attrs_define
class WorkerDeparted:
    """The worker left for their job abroad under a signed contract.

    Attributes:
        worker_id (str):
        placement_id (str):
        country (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
        employer (str):
        sector (Sector): Job sectors named in the seeds.
        enterprise_id (str):
        job_order_id (str):
        contract_start (datetime.date):
        contract_end (datetime.date):
        monthly_salary (float):
        salary_currency (str):
        monthly_salary_vnd (int):
        departed_at (datetime.datetime):
        journey (int | None | Unset): The worker's journey the placement belongs to; absent in earlier events
    """

    worker_id: str
    placement_id: str
    country: Market
    employer: str
    sector: Sector
    enterprise_id: str
    job_order_id: str
    contract_start: datetime.date
    contract_end: datetime.date
    monthly_salary: float
    salary_currency: str
    monthly_salary_vnd: int
    departed_at: datetime.datetime
    journey: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        placement_id = self.placement_id

        country = self.country.value

        employer = self.employer

        sector = self.sector.value

        enterprise_id = self.enterprise_id

        job_order_id = self.job_order_id

        contract_start = self.contract_start.isoformat()

        contract_end = self.contract_end.isoformat()

        monthly_salary = self.monthly_salary

        salary_currency = self.salary_currency

        monthly_salary_vnd = self.monthly_salary_vnd

        departed_at = self.departed_at.isoformat()

        journey: int | None | Unset
        if isinstance(self.journey, Unset):
            journey = UNSET
        else:
            journey = self.journey

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "placement_id": placement_id,
                "country": country,
                "employer": employer,
                "sector": sector,
                "enterprise_id": enterprise_id,
                "job_order_id": job_order_id,
                "contract_start": contract_start,
                "contract_end": contract_end,
                "monthly_salary": monthly_salary,
                "salary_currency": salary_currency,
                "monthly_salary_vnd": monthly_salary_vnd,
                "departed_at": departed_at,
            }
        )
        if journey is not UNSET:
            field_dict["journey"] = journey

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        placement_id = d.pop("placement_id")

        country = Market(d.pop("country"))

        employer = d.pop("employer")

        sector = Sector(d.pop("sector"))

        enterprise_id = d.pop("enterprise_id")

        job_order_id = d.pop("job_order_id")

        contract_start = datetime.date.fromisoformat(d.pop("contract_start"))

        contract_end = datetime.date.fromisoformat(d.pop("contract_end"))

        monthly_salary = d.pop("monthly_salary")

        salary_currency = d.pop("salary_currency")

        monthly_salary_vnd = d.pop("monthly_salary_vnd")

        departed_at = datetime.datetime.fromisoformat(d.pop("departed_at"))

        def _parse_journey(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        journey = _parse_journey(d.pop("journey", UNSET))

        worker_departed = cls(
            worker_id=worker_id,
            placement_id=placement_id,
            country=country,
            employer=employer,
            sector=sector,
            enterprise_id=enterprise_id,
            job_order_id=job_order_id,
            contract_start=contract_start,
            contract_end=contract_end,
            monthly_salary=monthly_salary,
            salary_currency=salary_currency,
            monthly_salary_vnd=monthly_salary_vnd,
            departed_at=departed_at,
            journey=journey,
        )

        worker_departed.additional_properties = d
        return worker_departed

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
