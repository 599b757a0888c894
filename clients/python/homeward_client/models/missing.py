from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.missing_reason import MissingReason

T = TypeVar("T", bound="Missing")


@_attrs_define
class Missing:
    """A service whose part an export lacks, and why; the export is then partial.

    Attributes:
        service (str):
        reason (MissingReason): Why a service's part is not in an export.
        detail (str):
    """

    service: str
    reason: MissingReason
    detail: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = self.service

        reason = self.reason.value

        detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "reason": reason,
                "detail": detail,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service = d.pop("service")

        reason = MissingReason(d.pop("reason"))

        detail = d.pop("detail")

        missing = cls(
            service=service,
            reason=reason,
            detail=detail,
        )

        missing.additional_properties = d
        return missing

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
