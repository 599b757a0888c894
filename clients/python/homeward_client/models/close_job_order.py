from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.job_order_close_reason import JobOrderCloseReason

T = TypeVar("T", bound="CloseJobOrder")


@_attrs_define
class CloseJobOrder:
    """Why a job order stops recruiting.

    Attributes:
        reason (JobOrderCloseReason): Why a job order stopped recruiting.
    """

    reason: JobOrderCloseReason

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
        reason = JobOrderCloseReason(d.pop("reason"))

        close_job_order = cls(
            reason=reason,
        )

        return close_job_order
