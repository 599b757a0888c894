from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.market import Market
from ..models.sector import Sector
from ..types import UNSET, Unset

T = TypeVar("T", bound="StartJourney")


@_attrs_define
class StartJourney:
    """A returned worker starts a new journey; the markets and sectors wanted may change.

    Attributes:
        desired_markets (list[Market] | None | Unset):
        desired_sectors (list[Sector] | None | Unset):
    """

    desired_markets: list[Market] | None | Unset = UNSET
    desired_sectors: list[Sector] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        desired_markets: list[str] | None | Unset
        if isinstance(self.desired_markets, Unset):
            desired_markets = UNSET
        elif isinstance(self.desired_markets, list):
            desired_markets = []
            for desired_markets_type_0_item_data in self.desired_markets:
                desired_markets_type_0_item = desired_markets_type_0_item_data.value
                desired_markets.append(desired_markets_type_0_item)

        else:
            desired_markets = self.desired_markets

        desired_sectors: list[str] | None | Unset
        if isinstance(self.desired_sectors, Unset):
            desired_sectors = UNSET
        elif isinstance(self.desired_sectors, list):
            desired_sectors = []
            for desired_sectors_type_0_item_data in self.desired_sectors:
                desired_sectors_type_0_item = desired_sectors_type_0_item_data.value
                desired_sectors.append(desired_sectors_type_0_item)

        else:
            desired_sectors = self.desired_sectors

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if desired_markets is not UNSET:
            field_dict["desired_markets"] = desired_markets
        if desired_sectors is not UNSET:
            field_dict["desired_sectors"] = desired_sectors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_desired_markets(data: object) -> list[Market] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                desired_markets_type_0 = []
                _desired_markets_type_0 = data
                for desired_markets_type_0_item_data in _desired_markets_type_0:
                    desired_markets_type_0_item = Market(desired_markets_type_0_item_data)

                    desired_markets_type_0.append(desired_markets_type_0_item)

                return desired_markets_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Market] | None | Unset, data)

        desired_markets = _parse_desired_markets(d.pop("desired_markets", UNSET))

        def _parse_desired_sectors(data: object) -> list[Sector] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                desired_sectors_type_0 = []
                _desired_sectors_type_0 = data
                for desired_sectors_type_0_item_data in _desired_sectors_type_0:
                    desired_sectors_type_0_item = Sector(desired_sectors_type_0_item_data)

                    desired_sectors_type_0.append(desired_sectors_type_0_item)

                return desired_sectors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Sector] | None | Unset, data)

        desired_sectors = _parse_desired_sectors(d.pop("desired_sectors", UNSET))

        start_journey = cls(
            desired_markets=desired_markets,
            desired_sectors=desired_sectors,
        )

        return start_journey
