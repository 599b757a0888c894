from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.market import Market
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.collateral import Collateral


T = TypeVar("T", bound="ApplyForLoan")


@_attrs_define
class ApplyForLoan:
    """A worker's application for a preferential loan.

    Attributes:
        amount_vnd (int): Amount asked for, in VND
        purpose (str):
        cost_of_going_vnd (int): The whole cost of going abroad, in VND
        market (Market | None | Unset):
        collateral (Collateral | None | Unset):
    """

    amount_vnd: int
    purpose: str
    cost_of_going_vnd: int
    market: Market | None | Unset = UNSET
    collateral: Collateral | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.collateral import Collateral  # noqa: PLC0415

        amount_vnd = self.amount_vnd

        purpose = self.purpose

        cost_of_going_vnd = self.cost_of_going_vnd

        market: None | str | Unset
        if isinstance(self.market, Unset):
            market = UNSET
        elif isinstance(self.market, Market):
            market = self.market.value
        else:
            market = self.market

        collateral: dict[str, Any] | None | Unset
        if isinstance(self.collateral, Unset):
            collateral = UNSET
        elif isinstance(self.collateral, Collateral):
            collateral = self.collateral.to_dict()
        else:
            collateral = self.collateral

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_vnd": amount_vnd,
                "purpose": purpose,
                "cost_of_going_vnd": cost_of_going_vnd,
            }
        )
        if market is not UNSET:
            field_dict["market"] = market
        if collateral is not UNSET:
            field_dict["collateral"] = collateral

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.collateral import Collateral  # noqa: PLC0415

        d = dict(src_dict)
        amount_vnd = d.pop("amount_vnd")

        purpose = d.pop("purpose")

        cost_of_going_vnd = d.pop("cost_of_going_vnd")

        def _parse_market(data: object) -> Market | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                market_type_0 = Market(data)

                return market_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Market | None | Unset, data)

        market = _parse_market(d.pop("market", UNSET))

        def _parse_collateral(data: object) -> Collateral | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                collateral_type_0 = Collateral.from_dict(data)

                return collateral_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Collateral | None | Unset, data)

        collateral = _parse_collateral(d.pop("collateral", UNSET))

        apply_for_loan = cls(
            amount_vnd=amount_vnd,
            purpose=purpose,
            cost_of_going_vnd=cost_of_going_vnd,
            market=market,
            collateral=collateral,
        )

        return apply_for_loan
