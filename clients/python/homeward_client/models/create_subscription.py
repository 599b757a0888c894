from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.alert_kind import AlertKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateSubscription")


@_attrs_define
class CreateSubscription:
    """A system's subscription: where to send, which events or alert kinds, which provinces.

    Attributes:
        url (str): https URL of the receiver
        event_types (list[str] | Unset): alert.* event types
        alert_kinds (list[AlertKind] | Unset):
        province_codes (list[str] | Unset): []: every one
        secret (None | str | Unset): whsec_<base64>; a new one if absent
    """

    url: str
    event_types: list[str] | Unset = UNSET
    alert_kinds: list[AlertKind] | Unset = UNSET
    province_codes: list[str] | Unset = UNSET
    secret: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = self.event_types

        alert_kinds: list[str] | Unset = UNSET
        if not isinstance(self.alert_kinds, Unset):
            alert_kinds = []
            for alert_kinds_item_data in self.alert_kinds:
                alert_kinds_item = alert_kinds_item_data.value
                alert_kinds.append(alert_kinds_item)

        province_codes: list[str] | Unset = UNSET
        if not isinstance(self.province_codes, Unset):
            province_codes = self.province_codes

        secret: None | str | Unset
        if isinstance(self.secret, Unset):
            secret = UNSET
        else:
            secret = self.secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if event_types is not UNSET:
            field_dict["event_types"] = event_types
        if alert_kinds is not UNSET:
            field_dict["alert_kinds"] = alert_kinds
        if province_codes is not UNSET:
            field_dict["province_codes"] = province_codes
        if secret is not UNSET:
            field_dict["secret"] = secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        event_types = cast(list[str], d.pop("event_types", UNSET))

        _alert_kinds = d.pop("alert_kinds", UNSET)
        alert_kinds: list[AlertKind] | Unset = UNSET
        if _alert_kinds is not UNSET:
            alert_kinds = []
            for alert_kinds_item_data in _alert_kinds:
                alert_kinds_item = AlertKind(alert_kinds_item_data)

                alert_kinds.append(alert_kinds_item)

        province_codes = cast(list[str], d.pop("province_codes", UNSET))

        def _parse_secret(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        secret = _parse_secret(d.pop("secret", UNSET))

        create_subscription = cls(
            url=url,
            event_types=event_types,
            alert_kinds=alert_kinds,
            province_codes=province_codes,
            secret=secret,
        )

        return create_subscription
