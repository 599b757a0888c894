from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReportRemittance")


@_attrs_define
class ReportRemittance:
    """Money a worker sent home, as the worker or the family reported it.

    Attributes:
        amount (float):
        currency (str): ISO 4217 code, e.g. JPY, KRW, VND
        sent_on (datetime.date):
        amount_vnd (int | None | Unset): VND equivalent; required unless the currency is VND
    """

    amount: float
    currency: str
    sent_on: datetime.date
    amount_vnd: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        sent_on = self.sent_on.isoformat()

        amount_vnd: int | None | Unset
        if isinstance(self.amount_vnd, Unset):
            amount_vnd = UNSET
        else:
            amount_vnd = self.amount_vnd

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
                "sent_on": sent_on,
            }
        )
        if amount_vnd is not UNSET:
            field_dict["amount_vnd"] = amount_vnd

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        sent_on = datetime.date.fromisoformat(d.pop("sent_on"))

        def _parse_amount_vnd(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount_vnd = _parse_amount_vnd(d.pop("amount_vnd", UNSET))

        report_remittance = cls(
            amount=amount,
            currency=currency,
            sent_on=sent_on,
            amount_vnd=amount_vnd,
        )

        return report_remittance
