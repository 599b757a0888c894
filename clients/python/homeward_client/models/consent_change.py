from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsentChange")


@_attrs_define
class ConsentChange:
    """One change of the worker's consent after registration: given again, or withdrawn.

    Attributes:
        kind (str):
        purposes (list[str]):
        by (str):
        at (datetime.datetime):
        notice_version (None | str | Unset):
        reason (None | str | Unset):
    """

    kind: str
    purposes: list[str]
    by: str
    at: datetime.datetime
    notice_version: None | str | Unset = UNSET
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        purposes = self.purposes

        by = self.by

        at = self.at.isoformat()

        notice_version: None | str | Unset
        if isinstance(self.notice_version, Unset):
            notice_version = UNSET
        else:
            notice_version = self.notice_version

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "purposes": purposes,
                "by": by,
                "at": at,
            }
        )
        if notice_version is not UNSET:
            field_dict["notice_version"] = notice_version
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        purposes = cast(list[str], d.pop("purposes"))

        by = d.pop("by")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_notice_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notice_version = _parse_notice_version(d.pop("notice_version", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        consent_change = cls(
            kind=kind,
            purposes=purposes,
            by=by,
            at=at,
            notice_version=notice_version,
            reason=reason,
        )

        consent_change.additional_properties = d
        return consent_change

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
