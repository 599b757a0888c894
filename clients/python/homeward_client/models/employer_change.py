from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sector import Sector
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.salary import Salary


T = TypeVar("T", bound="EmployerChange")


@_attrs_define
class EmployerChange:
    """A departed worker's move to another employer abroad, and who recorded it.

    Attributes:
        previous_employer (str):
        employer (str):
        sector (Sector): Job sectors named in the seeds.
        salary (Salary): A monthly salary in the job's currency, and what it is worth in VND.
        changed_on (datetime.date):
        previous_end (datetime.date):
        contract_end (datetime.date):
        reason (str):
        at (datetime.datetime):
        by (None | str | Unset):
    """

    previous_employer: str
    employer: str
    sector: Sector
    salary: Salary
    changed_on: datetime.date
    previous_end: datetime.date
    contract_end: datetime.date
    reason: str
    at: datetime.datetime
    by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        previous_employer = self.previous_employer

        employer = self.employer

        sector = self.sector.value

        salary = self.salary.to_dict()

        changed_on = self.changed_on.isoformat()

        previous_end = self.previous_end.isoformat()

        contract_end = self.contract_end.isoformat()

        reason = self.reason

        at = self.at.isoformat()

        by: None | str | Unset
        if isinstance(self.by, Unset):
            by = UNSET
        else:
            by = self.by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "previous_employer": previous_employer,
                "employer": employer,
                "sector": sector,
                "salary": salary,
                "changed_on": changed_on,
                "previous_end": previous_end,
                "contract_end": contract_end,
                "reason": reason,
                "at": at,
            }
        )
        if by is not UNSET:
            field_dict["by"] = by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.salary import Salary  # noqa: PLC0415

        d = dict(src_dict)
        previous_employer = d.pop("previous_employer")

        employer = d.pop("employer")

        sector = Sector(d.pop("sector"))

        salary = Salary.from_dict(d.pop("salary"))

        changed_on = datetime.date.fromisoformat(d.pop("changed_on"))

        previous_end = datetime.date.fromisoformat(d.pop("previous_end"))

        contract_end = datetime.date.fromisoformat(d.pop("contract_end"))

        reason = d.pop("reason")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        by = _parse_by(d.pop("by", UNSET))

        employer_change = cls(
            previous_employer=previous_employer,
            employer=employer,
            sector=sector,
            salary=salary,
            changed_on=changed_on,
            previous_end=previous_end,
            contract_end=contract_end,
            reason=reason,
            at=at,
            by=by,
        )

        employer_change.additional_properties = d
        return employer_change

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
