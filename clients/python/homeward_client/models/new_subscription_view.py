from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.subscription_status import SubscriptionStatus

T = TypeVar("T", bound="NewSubscriptionView")


@_attrs_define
class NewSubscriptionView:
    """A subscription just made, with its secret: the only answer that shows it.

    Attributes:
        subscription_id (str):
        url (str):
        event_types (list[str]):
        alert_kinds (list[str]):
        province_codes (list[str]):
        status (SubscriptionStatus): ``failing``: a delivery was given up after retrying for the whole retry window.
        failing_since (datetime.datetime | None):
        created_by (str):
        created_at (datetime.datetime):
        secret (str):
    """

    subscription_id: str
    url: str
    event_types: list[str]
    alert_kinds: list[str]
    province_codes: list[str]
    status: SubscriptionStatus
    failing_since: datetime.datetime | None
    created_by: str
    created_at: datetime.datetime
    secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        subscription_id = self.subscription_id

        url = self.url

        event_types = self.event_types

        alert_kinds = self.alert_kinds

        province_codes = self.province_codes

        status = self.status.value

        failing_since: None | str
        if isinstance(self.failing_since, datetime.datetime):
            failing_since = self.failing_since.isoformat()
        else:
            failing_since = self.failing_since

        created_by = self.created_by

        created_at = self.created_at.isoformat()

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "subscription_id": subscription_id,
                "url": url,
                "event_types": event_types,
                "alert_kinds": alert_kinds,
                "province_codes": province_codes,
                "status": status,
                "failing_since": failing_since,
                "created_by": created_by,
                "created_at": created_at,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subscription_id = d.pop("subscription_id")

        url = d.pop("url")

        event_types = cast(list[str], d.pop("event_types"))

        alert_kinds = cast(list[str], d.pop("alert_kinds"))

        province_codes = cast(list[str], d.pop("province_codes"))

        status = SubscriptionStatus(d.pop("status"))

        def _parse_failing_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failing_since_type_0 = datetime.datetime.fromisoformat(data)

                return failing_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failing_since = _parse_failing_since(d.pop("failing_since"))

        created_by = d.pop("created_by")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        secret = d.pop("secret")

        new_subscription_view = cls(
            subscription_id=subscription_id,
            url=url,
            event_types=event_types,
            alert_kinds=alert_kinds,
            province_codes=province_codes,
            status=status,
            failing_since=failing_since,
            created_by=created_by,
            created_at=created_at,
            secret=secret,
        )

        new_subscription_view.additional_properties = d
        return new_subscription_view

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
