"""An officer's contact settings, kept by notifications: where their alert e-mails and SMS go."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.notifications import examples as ex

Language = Literal["vi", "en"]
PHONE_SEPARATORS = re.compile(r"[ .\-]")
VIETNAMESE_MOBILE = re.compile(r"0[35789][0-9]{8}")
INTERNATIONAL = re.compile(r"\+[1-9][0-9]{7,14}")


def officer_phone(typed: str) -> str:
    """Returns an officer's phone number in E.164 form (``+84...``) from how it was typed: a
    Vietnamese mobile number (``0912 345 678``) or an international one (``+84912345678``).
    Raises ValueError otherwise; the message never repeats the number."""
    number = PHONE_SEPARATORS.sub("", typed)
    if VIETNAMESE_MOBILE.fullmatch(number):
        return "+84" + number[1:]
    if INTERNATIONAL.fullmatch(number):
        return number
    raise ValueError(
        "must be a Vietnamese mobile number (ten digits from 03, 05, 07, 08 or 09) or + and "
        "an international number"
    )


class SetContact(BaseModel):
    """The caller's own contact settings."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.SET_CONTACT), extra="forbid")

    email: str | None = Field(
        default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Where alert e-mails go; none: no e-mail",
    )  # fmt: skip
    phone: str | None = Field(
        default=None, max_length=32,
        description="Where alert SMS go (the officer's work mobile); none: no SMS",
    )  # fmt: skip
    language: Language = Field(default="vi", description="vi (default) or en")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return None if value is None else officer_phone(value)


class OfficerContact(BaseModel):
    """An officer's contact settings and the area the token gave them."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.OFFICER_CONTACT), extra="ignore")

    subject: str
    role: str
    province_code: str | None = None
    commune_code: str | None = None
    email: str | None = None
    phone: str | None = None
    language: Language = "vi"
