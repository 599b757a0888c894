from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.officer_contact_language import OfficerContactLanguage
from ..types import UNSET, Unset

T = TypeVar("T", bound="OfficerContact")


@_attrs_define
class OfficerContact:
    """An officer's contact settings and the area the token gave them.

    Attributes:
        subject (str):
        role (str):
        province_code (None | str | Unset):
        commune_code (None | str | Unset):
        email (None | str | Unset):
        phone (None | str | Unset):
        language (OfficerContactLanguage | Unset):  Default: OfficerContactLanguage.VI.
    """

    subject: str
    role: str
    province_code: None | str | Unset = UNSET
    commune_code: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    language: OfficerContactLanguage | Unset = OfficerContactLanguage.VI
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        subject = self.subject

        role = self.role

        province_code: None | str | Unset
        if isinstance(self.province_code, Unset):
            province_code = UNSET
        else:
            province_code = self.province_code

        commune_code: None | str | Unset
        if isinstance(self.commune_code, Unset):
            commune_code = UNSET
        else:
            commune_code = self.commune_code

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "subject": subject,
                "role": role,
            }
        )
        if province_code is not UNSET:
            field_dict["province_code"] = province_code
        if commune_code is not UNSET:
            field_dict["commune_code"] = commune_code
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subject = d.pop("subject")

        role = d.pop("role")

        def _parse_province_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        province_code = _parse_province_code(d.pop("province_code", UNSET))

        def _parse_commune_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        commune_code = _parse_commune_code(d.pop("commune_code", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        _language = d.pop("language", UNSET)
        language: OfficerContactLanguage | Unset
        if isinstance(_language, Unset):
            language = UNSET
        else:
            language = OfficerContactLanguage(_language)

        officer_contact = cls(
            subject=subject,
            role=role,
            province_code=province_code,
            commune_code=commune_code,
            email=email,
            phone=phone,
            language=language,
        )

        officer_contact.additional_properties = d
        return officer_contact

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
