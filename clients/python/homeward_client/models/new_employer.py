from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.sector import Sector

if TYPE_CHECKING:
    from ..models.salary import Salary


T = TypeVar("T", bound="NewEmployer")


@_attrs_define
class NewEmployer:
    """The employer a worker abroad moved to, and the terms of the new contract.

    Attributes:
        employer (str):
        sector (Sector): Job sectors named in the seeds.
        salary (Salary): A monthly salary in the job's currency, and what it is worth in VND.
        changed_on (datetime.date): The first day with the new employer
        contract_end (datetime.date): The end of the new contract
        reason (str):
    """

    employer: str
    sector: Sector
    salary: Salary
    changed_on: datetime.date
    contract_end: datetime.date
    reason: str

    def to_dict(self) -> dict[str, Any]:
        employer = self.employer

        sector = self.sector.value

        salary = self.salary.to_dict()

        changed_on = self.changed_on.isoformat()

        contract_end = self.contract_end.isoformat()

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "employer": employer,
                "sector": sector,
                "salary": salary,
                "changed_on": changed_on,
                "contract_end": contract_end,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.salary import Salary  # noqa: PLC0415

        d = dict(src_dict)
        employer = d.pop("employer")

        sector = Sector(d.pop("sector"))

        salary = Salary.from_dict(d.pop("salary"))

        changed_on = datetime.date.fromisoformat(d.pop("changed_on"))

        contract_end = datetime.date.fromisoformat(d.pop("contract_end"))

        reason = d.pop("reason")

        new_employer = cls(
            employer=employer,
            sector=sector,
            salary=salary,
            changed_on=changed_on,
            contract_end=contract_end,
            reason=reason,
        )

        return new_employer
