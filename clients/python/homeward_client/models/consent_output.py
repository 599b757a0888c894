from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsentOutput")


@_attrs_define
class ConsentOutput:
    """The worker's recorded consent to the processing of their personal data: the purposes
    it covers and the version of the notice read to the worker.

    A record kept before purposes existed reads as consent to every purpose, with no notice
    version (``None``: the notice was not versioned then).

        Attributes:
            recorded_at (datetime.datetime):
            recorded_by (str | Unset): Who acted: the token's subject Default: ''.
            purposes (list[str] | Unset): What the worker consents to: `case_management`, `training`, `placement`,
                `aftercare`, `statistics` (default: all)
            notice_version (None | str | Unset): The privacy notice read to the worker (default: `2026-01`)
    """

    recorded_at: datetime.datetime
    recorded_by: str | Unset = ""
    purposes: list[str] | Unset = UNSET
    notice_version: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        recorded_at = self.recorded_at.isoformat()

        recorded_by = self.recorded_by

        purposes: list[str] | Unset = UNSET
        if not isinstance(self.purposes, Unset):
            purposes = self.purposes

        notice_version: None | str | Unset
        if isinstance(self.notice_version, Unset):
            notice_version = UNSET
        else:
            notice_version = self.notice_version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "recorded_at": recorded_at,
            }
        )
        if recorded_by is not UNSET:
            field_dict["recorded_by"] = recorded_by
        if purposes is not UNSET:
            field_dict["purposes"] = purposes
        if notice_version is not UNSET:
            field_dict["notice_version"] = notice_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        recorded_by = d.pop("recorded_by", UNSET)

        purposes = cast(list[str], d.pop("purposes", UNSET))

        def _parse_notice_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notice_version = _parse_notice_version(d.pop("notice_version", UNSET))

        consent_output = cls(
            recorded_at=recorded_at,
            recorded_by=recorded_by,
            purposes=purposes,
            notice_version=notice_version,
        )

        return consent_output
