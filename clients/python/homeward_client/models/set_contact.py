from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.set_contact_language import SetContactLanguage
from ..types import UNSET, Unset

T = TypeVar("T", bound="SetContact")


@_attrs_define
class SetContact:
    """The caller's own contact settings.

    Attributes:
        email (None | str | Unset): Where alert e-mails go; none: no e-mail
        phone (None | str | Unset): Where alert SMS go (the officer's work mobile); none: no SMS
        language (SetContactLanguage | Unset): vi (default) or en Default: SetContactLanguage.VI.
    """

    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    language: SetContactLanguage | Unset = SetContactLanguage.VI

    def to_dict(self) -> dict[str, Any]:
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

        field_dict.update({})
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
        language: SetContactLanguage | Unset
        if isinstance(_language, Unset):
            language = UNSET
        else:
            language = SetContactLanguage(_language)

        set_contact = cls(
            email=email,
            phone=phone,
            language=language,
        )

        return set_contact
