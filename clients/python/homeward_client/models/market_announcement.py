from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.market import Market
from ..models.revocation_reason import RevocationReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="MarketAnnouncement")


@_attrs_define
class MarketAnnouncement:
    """A ``worker.trained`` sent for a market, and its revocation if it no longer holds.

    Attributes:
        market (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
        trained_at (datetime.datetime):
        journey (int | Unset):  Default: 1.
        revoked_at (datetime.datetime | None | Unset):
        revocation_reason (None | RevocationReason | Unset):
    """

    market: Market
    trained_at: datetime.datetime
    journey: int | Unset = 1
    revoked_at: datetime.datetime | None | Unset = UNSET
    revocation_reason: None | RevocationReason | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        market = self.market.value

        trained_at = self.trained_at.isoformat()

        journey = self.journey

        revoked_at: None | str | Unset
        if isinstance(self.revoked_at, Unset):
            revoked_at = UNSET
        elif isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        revocation_reason: None | str | Unset
        if isinstance(self.revocation_reason, Unset):
            revocation_reason = UNSET
        elif isinstance(self.revocation_reason, RevocationReason):
            revocation_reason = self.revocation_reason.value
        else:
            revocation_reason = self.revocation_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "market": market,
                "trained_at": trained_at,
            }
        )
        if journey is not UNSET:
            field_dict["journey"] = journey
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at
        if revocation_reason is not UNSET:
            field_dict["revocation_reason"] = revocation_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        market = Market(d.pop("market"))

        trained_at = datetime.datetime.fromisoformat(d.pop("trained_at"))

        journey = d.pop("journey", UNSET)

        def _parse_revoked_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at", UNSET))

        def _parse_revocation_reason(data: object) -> None | RevocationReason | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revocation_reason_type_0 = RevocationReason(data)

                return revocation_reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RevocationReason | Unset, data)

        revocation_reason = _parse_revocation_reason(d.pop("revocation_reason", UNSET))

        market_announcement = cls(
            market=market,
            trained_at=trained_at,
            journey=journey,
            revoked_at=revoked_at,
            revocation_reason=revocation_reason,
        )

        market_announcement.additional_properties = d
        return market_announcement

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
