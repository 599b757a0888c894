from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TrainingCostSupport")


@_attrs_define
class TrainingCostSupport:
    """Who pays for the course: Subproject 2 support for eligible workers, or the worker.

    Attributes:
        eligible (bool):
        supported_vnd (int):
        worker_pays_vnd (int):
    """

    eligible: bool
    supported_vnd: int
    worker_pays_vnd: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        eligible = self.eligible

        supported_vnd = self.supported_vnd

        worker_pays_vnd = self.worker_pays_vnd

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "eligible": eligible,
                "supported_vnd": supported_vnd,
                "worker_pays_vnd": worker_pays_vnd,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        eligible = d.pop("eligible")

        supported_vnd = d.pop("supported_vnd")

        worker_pays_vnd = d.pop("worker_pays_vnd")

        training_cost_support = cls(
            eligible=eligible,
            supported_vnd=supported_vnd,
            worker_pays_vnd=worker_pays_vnd,
        )

        training_cost_support.additional_properties = d
        return training_cost_support

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
