from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.drop_out_reason import DropOutReason

T = TypeVar("T", bound="DropOut")


@_attrs_define
class DropOut:
    """Why the worker leaves the course (a code: no free text that could hold personal data).

    Attributes:
        reason (DropOutReason): Why a worker left a course early (a code: free text could hold personal details).
    """

    reason: DropOutReason

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = DropOutReason(d.pop("reason"))

        drop_out = cls(
            reason=reason,
        )

        return drop_out
