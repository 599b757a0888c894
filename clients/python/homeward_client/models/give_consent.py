from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GiveConsent")


@_attrs_define
class GiveConsent:
    """Consent recorded again: the purposes it now covers (those left out are withdrawn).

    Attributes:
        purposes (list[str]): purposes: `case_management`, `training`, `placement`, `aftercare`, `statistics`
        notice_version (str | Unset):  Default: '2026-01'.
    """

    purposes: list[str]
    notice_version: str | Unset = "2026-01"

    def to_dict(self) -> dict[str, Any]:
        purposes = self.purposes

        notice_version = self.notice_version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purposes": purposes,
            }
        )
        if notice_version is not UNSET:
            field_dict["notice_version"] = notice_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        purposes = cast(list[str], d.pop("purposes"))

        notice_version = d.pop("notice_version", UNSET)

        give_consent = cls(
            purposes=purposes,
            notice_version=notice_version,
        )

        return give_consent
