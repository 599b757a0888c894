from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.locality import Locality


T = TypeVar("T", bound="RequestTransfer")


@_attrs_define
class RequestTransfer:
    """The sending commune asks another commune to take the case over from a date.

    Attributes:
        to_locality (Locality): Where a worker lives: today's units, and the units before the 2025 reorganisation.
        effective_date (datetime.date):
        reason (str):
    """

    to_locality: Locality
    effective_date: datetime.date
    reason: str

    def to_dict(self) -> dict[str, Any]:
        to_locality = self.to_locality.to_dict()

        effective_date = self.effective_date.isoformat()

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to_locality": to_locality,
                "effective_date": effective_date,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.locality import Locality  # noqa: PLC0415

        d = dict(src_dict)
        to_locality = Locality.from_dict(d.pop("to_locality"))

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        reason = d.pop("reason")

        request_transfer = cls(
            to_locality=to_locality,
            effective_date=effective_date,
            reason=reason,
        )

        return request_transfer
