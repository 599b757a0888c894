from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.loan_status import LoanStatus
from ..models.market import Market
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.collateral import Collateral
    from ..models.loan_status_change import LoanStatusChange


T = TypeVar("T", bound="Loan")


@_attrs_define
class Loan:
    """A preferential loan application and where it stands.

    Attributes:
        loan_id (str):
        worker_id (str):
        amount_vnd (int):
        purpose (str):
        cost_of_going_vnd (int):
        requested_at (datetime.datetime):
        history (list[LoanStatusChange]):
        market (Market | None | Unset):
        collateral (Collateral | None | Unset):
        status (LoanStatus | Unset): Where a preferential loan application stands at the Social Policy Bank.
        rejection_reason (None | str | Unset):
    """

    loan_id: str
    worker_id: str
    amount_vnd: int
    purpose: str
    cost_of_going_vnd: int
    requested_at: datetime.datetime
    history: list[LoanStatusChange]
    market: Market | None | Unset = UNSET
    collateral: Collateral | None | Unset = UNSET
    status: LoanStatus | Unset = UNSET
    rejection_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.collateral import Collateral  # noqa: PLC0415

        loan_id = self.loan_id

        worker_id = self.worker_id

        amount_vnd = self.amount_vnd

        purpose = self.purpose

        cost_of_going_vnd = self.cost_of_going_vnd

        requested_at = self.requested_at.isoformat()

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

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

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        rejection_reason: None | str | Unset
        if isinstance(self.rejection_reason, Unset):
            rejection_reason = UNSET
        else:
            rejection_reason = self.rejection_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "loan_id": loan_id,
                "worker_id": worker_id,
                "amount_vnd": amount_vnd,
                "purpose": purpose,
                "cost_of_going_vnd": cost_of_going_vnd,
                "requested_at": requested_at,
                "history": history,
            }
        )
        if market is not UNSET:
            field_dict["market"] = market
        if collateral is not UNSET:
            field_dict["collateral"] = collateral
        if status is not UNSET:
            field_dict["status"] = status
        if rejection_reason is not UNSET:
            field_dict["rejection_reason"] = rejection_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.collateral import Collateral  # noqa: PLC0415
        from ..models.loan_status_change import LoanStatusChange  # noqa: PLC0415

        d = dict(src_dict)
        loan_id = d.pop("loan_id")

        worker_id = d.pop("worker_id")

        amount_vnd = d.pop("amount_vnd")

        purpose = d.pop("purpose")

        cost_of_going_vnd = d.pop("cost_of_going_vnd")

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = LoanStatusChange.from_dict(history_item_data)

            history.append(history_item)

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

        _status = d.pop("status", UNSET)
        status: LoanStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = LoanStatus(_status)

        def _parse_rejection_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rejection_reason = _parse_rejection_reason(d.pop("rejection_reason", UNSET))

        loan = cls(
            loan_id=loan_id,
            worker_id=worker_id,
            amount_vnd=amount_vnd,
            purpose=purpose,
            cost_of_going_vnd=cost_of_going_vnd,
            requested_at=requested_at,
            history=history,
            market=market,
            collateral=collateral,
            status=status,
            rejection_reason=rejection_reason,
        )

        loan.additional_properties = d
        return loan

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
