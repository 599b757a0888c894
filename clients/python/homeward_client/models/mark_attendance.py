from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MarkAttendance")


@_attrs_define
class MarkAttendance:
    """Whether the worker was at the session.

    Attributes:
        present (bool):
    """

    present: bool

    def to_dict(self) -> dict[str, Any]:
        present = self.present

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "present": present,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        present = d.pop("present")

        mark_attendance = cls(
            present=present,
        )

        return mark_attendance
