from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Certificate")


@_attrs_define
class Certificate:
    """A certificate a worker earned. Its number identifies the holder: personal, sealed.

    Attributes:
        number (str):
        course_id (str):
        kind (str):
        issued_on (datetime.date):
        language_level (None | str | Unset):
        language (None | str | Unset):
        provider_id (None | str | Unset):
    """

    number: str
    course_id: str
    kind: str
    issued_on: datetime.date
    language_level: None | str | Unset = UNSET
    language: None | str | Unset = UNSET
    provider_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        course_id = self.course_id

        kind = self.kind

        issued_on = self.issued_on.isoformat()

        language_level: None | str | Unset
        if isinstance(self.language_level, Unset):
            language_level = UNSET
        else:
            language_level = self.language_level

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        provider_id: None | str | Unset
        if isinstance(self.provider_id, Unset):
            provider_id = UNSET
        else:
            provider_id = self.provider_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "number": number,
                "course_id": course_id,
                "kind": kind,
                "issued_on": issued_on,
            }
        )
        if language_level is not UNSET:
            field_dict["language_level"] = language_level
        if language is not UNSET:
            field_dict["language"] = language
        if provider_id is not UNSET:
            field_dict["provider_id"] = provider_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        number = d.pop("number")

        course_id = d.pop("course_id")

        kind = d.pop("kind")

        issued_on = datetime.date.fromisoformat(d.pop("issued_on"))

        def _parse_language_level(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language_level = _parse_language_level(d.pop("language_level", UNSET))

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        def _parse_provider_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider_id = _parse_provider_id(d.pop("provider_id", UNSET))

        certificate = cls(
            number=number,
            course_id=course_id,
            kind=kind,
            issued_on=issued_on,
            language_level=language_level,
            language=language,
            provider_id=provider_id,
        )

        certificate.additional_properties = d
        return certificate

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
