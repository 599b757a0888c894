from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.remittance import Remittance


T = TypeVar("T", bound="WorkerRemittances")


@_attrs_define
class WorkerRemittances:
    """A worker's remittances and their totals.

    Attributes:
        worker_id (str):
        count (int):
        total_vnd (int):
        remittances (list[Remittance]):
    """

    worker_id: str
    count: int
    total_vnd: int
    remittances: list[Remittance]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        count = self.count

        total_vnd = self.total_vnd

        remittances = []
        for remittances_item_data in self.remittances:
            remittances_item = remittances_item_data.to_dict()
            remittances.append(remittances_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "count": count,
                "total_vnd": total_vnd,
                "remittances": remittances,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.remittance import Remittance  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        count = d.pop("count")

        total_vnd = d.pop("total_vnd")

        remittances = []
        _remittances = d.pop("remittances")
        for remittances_item_data in _remittances:
            remittances_item = Remittance.from_dict(remittances_item_data)

            remittances.append(remittances_item)

        worker_remittances = cls(
            worker_id=worker_id,
            count=count,
            total_vnd=total_vnd,
            remittances=remittances,
        )

        worker_remittances.additional_properties = d
        return worker_remittances

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
