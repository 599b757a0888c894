from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WithdrawConsent")


@_attrs_define
class WithdrawConsent:
    """The worker withdraws consent for some purposes; the others stay.

    Attributes:
        purposes (list[str]): purposes: `case_management`, `training`, `placement`, `aftercare`, `statistics`
        reason (None | str | Unset):
    """

    purposes: list[str]
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        purposes = self.purposes

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purposes": purposes,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        purposes = cast(list[str], d.pop("purposes"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        withdraw_consent = cls(
            purposes=purposes,
            reason=reason,
        )

        return withdraw_consent
