from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="GrantVisa")


@_attrs_define
class GrantVisa:
    """The day the visa was granted.

    Attributes:
        granted_on (datetime.date):
    """

    granted_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        granted_on = self.granted_on.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "granted_on": granted_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        granted_on = datetime.date.fromisoformat(d.pop("granted_on"))

        grant_visa = cls(
            granted_on=granted_on,
        )

        return grant_visa
