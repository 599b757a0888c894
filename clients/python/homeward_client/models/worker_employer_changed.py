from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.market import Market
from ..models.sector import Sector

if TYPE_CHECKING:
    from ..models.salary_terms import SalaryTerms


T = TypeVar("T", bound="WorkerEmployerChanged")


@_attrs_define
class WorkerEmployerChanged:
    """A worker abroad moved to another employer under new contract terms, through the same
    licensed sender; the expected return moves to the new contract's end.

        Attributes:
            worker_id (str):
            placement_id (str):
            job_order_id (str):
            enterprise_id (str):
            country (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
            previous_employer (str):
            employer (str):
            sector (Sector): Job sectors named in the seeds.
            salary (SalaryTerms): A monthly salary in the job's currency and its VND equivalent.
            changed_on (datetime.date):
            previous_end (datetime.date):
            contract_end (datetime.date):
            reason (str):
            recorded_at (datetime.datetime):
    """

    worker_id: str
    placement_id: str
    job_order_id: str
    enterprise_id: str
    country: Market
    previous_employer: str
    employer: str
    sector: Sector
    salary: SalaryTerms
    changed_on: datetime.date
    previous_end: datetime.date
    contract_end: datetime.date
    reason: str
    recorded_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        placement_id = self.placement_id

        job_order_id = self.job_order_id

        enterprise_id = self.enterprise_id

        country = self.country.value

        previous_employer = self.previous_employer

        employer = self.employer

        sector = self.sector.value

        salary = self.salary.to_dict()

        changed_on = self.changed_on.isoformat()

        previous_end = self.previous_end.isoformat()

        contract_end = self.contract_end.isoformat()

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
                "previous_employer": previous_employer,
                "employer": employer,
                "sector": sector,
                "salary": salary,
                "changed_on": changed_on,
                "previous_end": previous_end,
                "contract_end": contract_end,
                "reason": reason,
                "recorded_at": recorded_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.salary_terms import SalaryTerms  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        placement_id = d.pop("placement_id")

        job_order_id = d.pop("job_order_id")

        enterprise_id = d.pop("enterprise_id")

        country = Market(d.pop("country"))

        previous_employer = d.pop("previous_employer")

        employer = d.pop("employer")

        sector = Sector(d.pop("sector"))

        salary = SalaryTerms.from_dict(d.pop("salary"))

        changed_on = datetime.date.fromisoformat(d.pop("changed_on"))

        previous_end = datetime.date.fromisoformat(d.pop("previous_end"))

        contract_end = datetime.date.fromisoformat(d.pop("contract_end"))

        reason = d.pop("reason")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        worker_employer_changed = cls(
            worker_id=worker_id,
            placement_id=placement_id,
            job_order_id=job_order_id,
            enterprise_id=enterprise_id,
            country=country,
            previous_employer=previous_employer,
            employer=employer,
            sector=sector,
            salary=salary,
            changed_on=changed_on,
            previous_end=previous_end,
            contract_end=contract_end,
            reason=reason,
            recorded_at=recorded_at,
        )

        worker_employer_changed.additional_properties = d
        return worker_employer_changed

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
