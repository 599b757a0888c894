from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gender import Gender
from ..models.household_status import HouseholdStatus
from ..models.market import Market
from ..models.worker_status import WorkerStatus

if TYPE_CHECKING:
    from ..models.locality import Locality


T = TypeVar("T", bound="WorkerSummary")


@_attrs_define
class WorkerSummary:
    """A worker in a list: enough to recognise them, no contact details.

    Attributes:
        worker_id (str):
        full_name (str):
        date_of_birth (datetime.date):
        gender (Gender): Gender as recorded on the national ID.
        ethnic_minority (bool):
        household_status (HouseholdStatus): A household's poverty status, certified by the commune each year.
        locality (Locality): Where a worker lives: today's units, and the units before the 2025 reorganisation.
        desired_markets (list[Market]):
        status (WorkerStatus): Where a worker's case stands at intake.
        registered_at (datetime.datetime):
    """

    worker_id: str
    full_name: str
    date_of_birth: datetime.date
    gender: Gender
    ethnic_minority: bool
    household_status: HouseholdStatus
    locality: Locality
    desired_markets: list[Market]
    status: WorkerStatus
    registered_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        full_name = self.full_name

        date_of_birth = self.date_of_birth.isoformat()

        gender = self.gender.value

        ethnic_minority = self.ethnic_minority

        household_status = self.household_status.value

        locality = self.locality.to_dict()

        desired_markets = []
        for desired_markets_item_data in self.desired_markets:
            desired_markets_item = desired_markets_item_data.value
            desired_markets.append(desired_markets_item)

        status = self.status.value

        registered_at = self.registered_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "full_name": full_name,
                "date_of_birth": date_of_birth,
                "gender": gender,
                "ethnic_minority": ethnic_minority,
                "household_status": household_status,
                "locality": locality,
                "desired_markets": desired_markets,
                "status": status,
                "registered_at": registered_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.locality import Locality  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        full_name = d.pop("full_name")

        date_of_birth = datetime.date.fromisoformat(d.pop("date_of_birth"))

        gender = Gender(d.pop("gender"))

        ethnic_minority = d.pop("ethnic_minority")

        household_status = HouseholdStatus(d.pop("household_status"))

        locality = Locality.from_dict(d.pop("locality"))

        desired_markets = []
        _desired_markets = d.pop("desired_markets")
        for desired_markets_item_data in _desired_markets:
            desired_markets_item = Market(desired_markets_item_data)

            desired_markets.append(desired_markets_item)

        status = WorkerStatus(d.pop("status"))

        registered_at = datetime.datetime.fromisoformat(d.pop("registered_at"))

        worker_summary = cls(
            worker_id=worker_id,
            full_name=full_name,
            date_of_birth=date_of_birth,
            gender=gender,
            ethnic_minority=ethnic_minority,
            household_status=household_status,
            locality=locality,
            desired_markets=desired_markets,
            status=status,
            registered_at=registered_at,
        )

        worker_summary.additional_properties = d
        return worker_summary

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
