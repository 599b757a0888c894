from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.return_reason import ReturnReason

T = TypeVar("T", bound="RecordReturn")


@_attrs_define
class RecordReturn:
    """The worker came home.

    Attributes:
        returned_on (datetime.date):
        reason (ReturnReason): Why a worker came home.
    """

    returned_on: datetime.date
    reason: ReturnReason

    def to_dict(self) -> dict[str, Any]:
        returned_on = self.returned_on.isoformat()

        reason = self.reason.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "returned_on": returned_on,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        returned_on = datetime.date.fromisoformat(d.pop("returned_on"))

        reason = ReturnReason(d.pop("reason"))

        record_return = cls(
            returned_on=returned_on,
            reason=reason,
        )

        return record_return
