from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.order_match import OrderMatch


T = TypeVar("T", bound="WorkerMatches")


@_attrs_define
class WorkerMatches:
    """The job orders considered for a worker, best first.

    Attributes:
        worker_id (str):
        matches (list[OrderMatch]):
    """

    worker_id: str
    matches: list[OrderMatch]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        matches = []
        for matches_item_data in self.matches:
            matches_item = matches_item_data.to_dict()
            matches.append(matches_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "matches": matches,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_match import OrderMatch  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        matches = []
        _matches = d.pop("matches")
        for matches_item_data in _matches:
            matches_item = OrderMatch.from_dict(matches_item_data)

            matches.append(matches_item)

        worker_matches = cls(
            worker_id=worker_id,
            matches=matches,
        )

        worker_matches.additional_properties = d
        return worker_matches

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
