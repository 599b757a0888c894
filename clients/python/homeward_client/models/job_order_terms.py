from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.market import Market
from ..models.sector import Sector
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.requirements import Requirements
    from ..models.salary import Salary


T = TypeVar("T", bound="JobOrderTerms")


@_attrs_define
class JobOrderTerms:
    """A job order as its sender posts it.

    Attributes:
        enterprise_id (str):
        country (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
        employer (str):
        sector (Sector): Job sectors named in the seeds.
        positions (int):
        salary (Salary): A monthly salary in the job's currency, and what it is worth in VND.
        contract_term_months (int):
        deadline (datetime.date): Last day to shortlist and select workers
        requirements (Requirements | Unset): What a worker must have for the job; every field is optional.
    """

    enterprise_id: str
    country: Market
    employer: str
    sector: Sector
    positions: int
    salary: Salary
    contract_term_months: int
    deadline: datetime.date
    requirements: Requirements | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        enterprise_id = self.enterprise_id

        country = self.country.value

        employer = self.employer

        sector = self.sector.value

        positions = self.positions

        salary = self.salary.to_dict()

        contract_term_months = self.contract_term_months

        deadline = self.deadline.isoformat()

        requirements: dict[str, Any] | Unset = UNSET
        if not isinstance(self.requirements, Unset):
            requirements = self.requirements.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "enterprise_id": enterprise_id,
                "country": country,
                "employer": employer,
                "sector": sector,
                "positions": positions,
                "salary": salary,
                "contract_term_months": contract_term_months,
                "deadline": deadline,
            }
        )
        if requirements is not UNSET:
            field_dict["requirements"] = requirements

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.requirements import Requirements  # noqa: PLC0415
        from ..models.salary import Salary  # noqa: PLC0415

        d = dict(src_dict)
        enterprise_id = d.pop("enterprise_id")

        country = Market(d.pop("country"))

        employer = d.pop("employer")

        sector = Sector(d.pop("sector"))

        positions = d.pop("positions")

        salary = Salary.from_dict(d.pop("salary"))

        contract_term_months = d.pop("contract_term_months")

        deadline = datetime.date.fromisoformat(d.pop("deadline"))

        _requirements = d.pop("requirements", UNSET)
        requirements: Requirements | Unset
        if isinstance(_requirements, Unset):
            requirements = UNSET
        else:
            requirements = Requirements.from_dict(_requirements)

        job_order_terms = cls(
            enterprise_id=enterprise_id,
            country=country,
            employer=employer,
            sector=sector,
            positions=positions,
            salary=salary,
            contract_term_months=contract_term_months,
            deadline=deadline,
            requirements=requirements,
        )

        return job_order_terms
