from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Salary")


@_attrs_define
class Salary:
    """A monthly salary in the job's currency, and what it is worth in VND.

    Attributes:
        amount (float): Gross monthly salary in `currency`
        currency (str): ISO 4217 code
        vnd_equivalent (int): The monthly salary in VND
    """

    amount: float
    currency: str
    vnd_equivalent: int

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        vnd_equivalent = self.vnd_equivalent

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
                "vnd_equivalent": vnd_equivalent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        vnd_equivalent = d.pop("vnd_equivalent")

        salary = cls(
            amount=amount,
            currency=currency,
            vnd_equivalent=vnd_equivalent,
        )

        return salary
