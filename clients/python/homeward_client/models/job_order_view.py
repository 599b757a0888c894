from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_order_close_reason import JobOrderCloseReason
from ..models.job_order_status import JobOrderStatus
from ..models.market import Market
from ..models.sector import Sector

if TYPE_CHECKING:
    from ..models.requirements import Requirements
    from ..models.salary import Salary


T = TypeVar("T", bound="JobOrderView")


@_attrs_define
class JobOrderView:
    """A job order, its positions, and whether it recruits today.

    Attributes:
        job_order_id (str):
        enterprise_id (str):
        country (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
        employer (str):
        sector (Sector): Job sectors named in the seeds.
        positions (int):
        filled (int):
        positions_left (int):
        salary (Salary): A monthly salary in the job's currency, and what it is worth in VND.
        contract_term_months (int):
        requirements (Requirements): What a worker must have for the job; every field is optional.
        deadline (datetime.date):
        status (JobOrderStatus): Whether a job order still recruits.
        close_reason (JobOrderCloseReason | None):
        posted_at (datetime.datetime):
        closed_at (datetime.datetime | None):
        recruiting_problem (None | str):
    """

    job_order_id: str
    enterprise_id: str
    country: Market
    employer: str
    sector: Sector
    positions: int
    filled: int
    positions_left: int
    salary: Salary
    contract_term_months: int
    requirements: Requirements
    deadline: datetime.date
    status: JobOrderStatus
    close_reason: JobOrderCloseReason | None
    posted_at: datetime.datetime
    closed_at: datetime.datetime | None
    recruiting_problem: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_order_id = self.job_order_id

        enterprise_id = self.enterprise_id

        country = self.country.value

        employer = self.employer

        sector = self.sector.value

        positions = self.positions

        filled = self.filled

        positions_left = self.positions_left

        salary = self.salary.to_dict()

        contract_term_months = self.contract_term_months

        requirements = self.requirements.to_dict()

        deadline = self.deadline.isoformat()

        status = self.status.value

        close_reason: None | str
        if isinstance(self.close_reason, JobOrderCloseReason):
            close_reason = self.close_reason.value
        else:
            close_reason = self.close_reason

        posted_at = self.posted_at.isoformat()

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        recruiting_problem: None | str
        recruiting_problem = self.recruiting_problem

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_order_id": job_order_id,
                "enterprise_id": enterprise_id,
                "country": country,
                "employer": employer,
                "sector": sector,
                "positions": positions,
                "filled": filled,
                "positions_left": positions_left,
                "salary": salary,
                "contract_term_months": contract_term_months,
                "requirements": requirements,
                "deadline": deadline,
                "status": status,
                "close_reason": close_reason,
                "posted_at": posted_at,
                "closed_at": closed_at,
                "recruiting_problem": recruiting_problem,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.requirements import Requirements  # noqa: PLC0415
        from ..models.salary import Salary  # noqa: PLC0415

        d = dict(src_dict)
        job_order_id = d.pop("job_order_id")

        enterprise_id = d.pop("enterprise_id")

        country = Market(d.pop("country"))

        employer = d.pop("employer")

        sector = Sector(d.pop("sector"))

        positions = d.pop("positions")

        filled = d.pop("filled")

        positions_left = d.pop("positions_left")

        salary = Salary.from_dict(d.pop("salary"))

        contract_term_months = d.pop("contract_term_months")

        requirements = Requirements.from_dict(d.pop("requirements"))

        deadline = datetime.date.fromisoformat(d.pop("deadline"))

        status = JobOrderStatus(d.pop("status"))

        def _parse_close_reason(data: object) -> JobOrderCloseReason | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                close_reason_type_0 = JobOrderCloseReason(data)

                return close_reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobOrderCloseReason | None, data)

        close_reason = _parse_close_reason(d.pop("close_reason"))

        posted_at = datetime.datetime.fromisoformat(d.pop("posted_at"))

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        def _parse_recruiting_problem(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        recruiting_problem = _parse_recruiting_problem(d.pop("recruiting_problem"))

        job_order_view = cls(
            job_order_id=job_order_id,
            enterprise_id=enterprise_id,
            country=country,
            employer=employer,
            sector=sector,
            positions=positions,
            filled=filled,
            positions_left=positions_left,
            salary=salary,
            contract_term_months=contract_term_months,
            requirements=requirements,
            deadline=deadline,
            status=status,
            close_reason=close_reason,
            posted_at=posted_at,
            closed_at=closed_at,
            recruiting_problem=recruiting_problem,
        )

        job_order_view.additional_properties = d
        return job_order_view

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
