from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExtendContract")


@_attrs_define
class ExtendContract:
    """A worker abroad stays longer under an extended contract.

    Attributes:
        new_end (datetime.date):
        reason (None | str | Unset):
    """

    new_end: datetime.date
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        new_end = self.new_end.isoformat()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "new_end": new_end,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        new_end = datetime.date.fromisoformat(d.pop("new_end"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        extend_contract = cls(
            new_end=new_end,
            reason=reason,
        )

        return extend_contract
