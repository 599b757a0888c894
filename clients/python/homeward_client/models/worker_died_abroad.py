from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.family_support import FamilySupport

if TYPE_CHECKING:
    from ..models.repatriation_plan import RepatriationPlan


T = TypeVar("T", bound="WorkerDiedAbroad")


@_attrs_define
class WorkerDiedAbroad:
    """A worker died abroad: the repatriation and the family's support plan. The case then
    closes as deceased, with no return.

        Attributes:
            worker_id (str):
            placement_id (str):
            died_on (datetime.date):
            repatriation (RepatriationPlan): How the worker comes home: remains or ashes (or burial abroad), when, paid by
                whom.
            family_support (list[FamilySupport]):
            recorded_by (str):
            recorded_at (datetime.datetime):
    """

    worker_id: str
    placement_id: str
    died_on: datetime.date
    repatriation: RepatriationPlan
    family_support: list[FamilySupport]
    recorded_by: str
    recorded_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        placement_id = self.placement_id

        died_on = self.died_on.isoformat()

        repatriation = self.repatriation.to_dict()

        family_support = []
        for family_support_item_data in self.family_support:
            family_support_item = family_support_item_data.value
            family_support.append(family_support_item)

        recorded_by = self.recorded_by

        recorded_at = self.recorded_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "placement_id": placement_id,
                "died_on": died_on,
                "repatriation": repatriation,
                "family_support": family_support,
                "recorded_by": recorded_by,
                "recorded_at": recorded_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.repatriation_plan import RepatriationPlan  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        placement_id = d.pop("placement_id")

        died_on = datetime.date.fromisoformat(d.pop("died_on"))

        repatriation = RepatriationPlan.from_dict(d.pop("repatriation"))

        family_support = []
        _family_support = d.pop("family_support")
        for family_support_item_data in _family_support:
            family_support_item = FamilySupport(family_support_item_data)

            family_support.append(family_support_item)

        recorded_by = d.pop("recorded_by")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        worker_died_abroad = cls(
            worker_id=worker_id,
            placement_id=placement_id,
            died_on=died_on,
            repatriation=repatriation,
            family_support=family_support,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
        )

        worker_died_abroad.additional_properties = d
        return worker_died_abroad

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
