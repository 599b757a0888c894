from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.market import Market

if TYPE_CHECKING:
    from ..models.requirement import Requirement


T = TypeVar("T", bound="MarketRequirementsView")


@_attrs_define
class MarketRequirementsView:
    """One market's row of the requirements table.

    Attributes:
        market (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
        requirements (list[Requirement]):
    """

    market: Market
    requirements: list[Requirement]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        market = self.market.value

        requirements = []
        for requirements_item_data in self.requirements:
            requirements_item = requirements_item_data.to_dict()
            requirements.append(requirements_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "market": market,
                "requirements": requirements,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.requirement import Requirement  # noqa: PLC0415

        d = dict(src_dict)
        market = Market(d.pop("market"))

        requirements = []
        _requirements = d.pop("requirements")
        for requirements_item_data in _requirements:
            requirements_item = Requirement.from_dict(requirements_item_data)

            requirements.append(requirements_item)

        market_requirements_view = cls(
            market=market,
            requirements=requirements,
        )

        market_requirements_view.additional_properties = d
        return market_requirements_view

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
