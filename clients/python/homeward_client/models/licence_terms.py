from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="LicenceTerms")


@_attrs_define
class LicenceTerms:
    """A sending licence as the ministry issued it (or a state programme's agreement).

    Attributes:
        number (str):
        issuing_authority (str):
        valid_from (datetime.date):
        valid_until (datetime.date):
    """

    number: str
    issuing_authority: str
    valid_from: datetime.date
    valid_until: datetime.date

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        issuing_authority = self.issuing_authority

        valid_from = self.valid_from.isoformat()

        valid_until = self.valid_until.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "number": number,
                "issuing_authority": issuing_authority,
                "valid_from": valid_from,
                "valid_until": valid_until,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        number = d.pop("number")

        issuing_authority = d.pop("issuing_authority")

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        valid_until = datetime.date.fromisoformat(d.pop("valid_until"))

        licence_terms = cls(
            number=number,
            issuing_authority=issuing_authority,
            valid_from=valid_from,
            valid_until=valid_until,
        )

        return licence_terms
