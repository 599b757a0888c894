from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RecordDeparture")


@_attrs_define
class RecordDeparture:
    """When the worker left; defaults to now.

    Attributes:
        departed_at (datetime.datetime | None | Unset):
    """

    departed_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        departed_at: None | str | Unset
        if isinstance(self.departed_at, Unset):
            departed_at = UNSET
        elif isinstance(self.departed_at, datetime.datetime):
            departed_at = self.departed_at.isoformat()
        else:
            departed_at = self.departed_at

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if departed_at is not UNSET:
            field_dict["departed_at"] = departed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_departed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                departed_at_type_0 = datetime.datetime.fromisoformat(data)

                return departed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        departed_at = _parse_departed_at(d.pop("departed_at", UNSET))

        record_departure = cls(
            departed_at=departed_at,
        )

        return record_departure
