from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpenEmergencyAccess")


@_attrs_define
class OpenEmergencyAccess:
    """
    Attributes:
        worker_id (str):
        reason (str): Why the record is needed; reviewed later
        minutes (int | None | Unset): How long; at most AUTH_EMERGENCY_ACCESS_MINUTES (also the default)
    """

    worker_id: str
    reason: str
    minutes: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        reason = self.reason

        minutes: int | None | Unset
        if isinstance(self.minutes, Unset):
            minutes = UNSET
        else:
            minutes = self.minutes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "worker_id": worker_id,
                "reason": reason,
            }
        )
        if minutes is not UNSET:
            field_dict["minutes"] = minutes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        reason = d.pop("reason")

        def _parse_minutes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        minutes = _parse_minutes(d.pop("minutes", UNSET))

        open_emergency_access = cls(
            worker_id=worker_id,
            reason=reason,
            minutes=minutes,
        )

        return open_emergency_access
