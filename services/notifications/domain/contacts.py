"""An officer's contact settings, kept by notifications: where their alert e-mails go."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Language = Literal["vi", "en"]


class SetContact(BaseModel):
    """The caller's own contact settings."""

    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(
        default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Where alert e-mails go; none: no e-mail",
    )  # fmt: skip
    language: Language = Field(default="vi", description="vi (default) or en")


class OfficerContact(BaseModel):
    """An officer's contact settings and the area the token gave them."""

    model_config = ConfigDict(extra="ignore")

    subject: str
    role: str
    province_code: str | None = None
    commune_code: str | None = None
    email: str | None = None
    language: Language = "vi"
