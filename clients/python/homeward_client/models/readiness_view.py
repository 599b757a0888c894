from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.market_readiness_view import MarketReadinessView


T = TypeVar("T", bound="ReadinessView")


@_attrs_define
class ReadinessView:
    """A worker's readiness for every market.

    Attributes:
        worker_id (str):
        active (bool):
        markets (list[MarketReadinessView]):
    """

    worker_id: str
    active: bool
    markets: list[MarketReadinessView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        active = self.active

        markets = []
        for markets_item_data in self.markets:
            markets_item = markets_item_data.to_dict()
            markets.append(markets_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "active": active,
                "markets": markets,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.market_readiness_view import MarketReadinessView  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        active = d.pop("active")

        markets = []
        _markets = d.pop("markets")
        for markets_item_data in _markets:
            markets_item = MarketReadinessView.from_dict(markets_item_data)

            markets.append(markets_item)

        readiness_view = cls(
            worker_id=worker_id,
            active=active,
            markets=markets,
        )

        readiness_view.additional_properties = d
        return readiness_view

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
