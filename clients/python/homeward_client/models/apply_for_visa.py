from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ApplyForVisa")


@_attrs_define
class ApplyForVisa:
    """The day the visa application was filed.

    Attributes:
        applied_on (datetime.date):
    """

    applied_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        applied_on = self.applied_on.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "applied_on": applied_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        applied_on = datetime.date.fromisoformat(d.pop("applied_on"))

        apply_for_visa = cls(
            applied_on=applied_on,
        )

        return apply_for_visa
