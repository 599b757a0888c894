from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RefuseVisa")


@_attrs_define
class RefuseVisa:
    """The day the destination country refused the visa, and the reason it gave.

    Attributes:
        refused_on (datetime.date):
        reason (str):
    """

    refused_on: datetime.date
    reason: str

    def to_dict(self) -> dict[str, Any]:
        refused_on = self.refused_on.isoformat()

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "refused_on": refused_on,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        refused_on = datetime.date.fromisoformat(d.pop("refused_on"))

        reason = d.pop("reason")

        refuse_visa = cls(
            refused_on=refused_on,
            reason=reason,
        )

        return refuse_visa
