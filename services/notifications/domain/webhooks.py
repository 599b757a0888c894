"""Webhook subscriptions and deliveries: which events a subscription wants, when to try again,
and which destinations a delivery may reach."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.notifications import examples as ex
from shared.contracts.notifications import AlertKind
from shared.errors import FieldError

ALERT_EVENTS = ("alert.raised", "alert.acknowledged", "alert.resolved")
SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class SubscriptionStatus(StrEnum):
    """``failing``: a delivery was given up after retrying for the whole retry window."""

    ACTIVE = "active"
    FAILING = "failing"


class DeliveryState(StrEnum):
    """Where a delivery stands: waiting for its next attempt, delivered, or given up."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class CreateSubscription(BaseModel):
    """A system's subscription: where to send, which events or alert kinds, which provinces."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.CREATE_SUBSCRIPTION), extra="forbid")

    url: str = Field(min_length=8, max_length=2000, description="https URL of the receiver")
    event_types: list[str] = Field(default=[], max_length=10, description="alert.* event types")
    alert_kinds: list[AlertKind] = Field(default=[], max_length=10)
    province_codes: list[str] = Field(default=[], max_length=40, description="[]: every one")
    secret: str | None = Field(
        default=None, max_length=200, description="whsec_<base64>; a new one if absent"
    )

    @field_validator("event_types")
    @classmethod
    def _known_types(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(ALERT_EVENTS))
        if unknown:
            raise ValueError(f"unknown event types {unknown}; known: {list(ALERT_EVENTS)}")
        return value

    @field_validator("secret")
    @classmethod
    def _secret_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            key = base64.b64decode(value.removeprefix(SECRET_PREFIX), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("must be whsec_ followed by base64") from None
        if len(key) < 24:
            raise ValueError("must hold at least 24 bytes of key")
        return value if value.startswith(SECRET_PREFIX) else SECRET_PREFIX + value


class Subscription(BaseModel):
    """A webhook subscription (its secret is never answered after creation)."""

    model_config = ConfigDict(extra="ignore")

    subscription_id: str
    url: str
    event_types: list[str] = []
    alert_kinds: list[AlertKind] = []
    province_codes: list[str] = []
    secret: str = Field(repr=False, exclude=False)
    status: SubscriptionStatus = SubscriptionStatus.ACTIVE
    failing_since: datetime | None = None
    created_by: str
    created_at: datetime

    def wants(self, event_type: str, kind: str | None, province_code: str | None) -> bool:
        """Whether an event of this type (about an alert of this kind, there) is for it."""
        if self.province_codes and province_code not in self.province_codes:
            return False
        if event_type in self.event_types:
            return True
        return event_type in ALERT_EVENTS and kind is not None and kind in self.alert_kinds


class Attempt(BaseModel):
    """One try of a delivery: when, the receiver's status (None: no answer), what went wrong."""

    at: datetime
    status: int | None = None
    error: str | None = None
    duration_ms: int = 0


class Delivery(BaseModel):
    """One event to one subscription, tried until delivered or the retry window ends."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.DELIVERY), extra="ignore")

    delivery_id: str
    subscription_id: str
    event_id: str
    event_type: str
    worker_id: str
    order: str
    body: str
    state: DeliveryState = DeliveryState.PENDING
    attempts: list[Attempt] = []
    created_at: datetime
    next_attempt_at: datetime


def new_secret(key: bytes) -> str:
    """Returns a subscription secret from random key bytes."""
    return SECRET_PREFIX + base64.b64encode(key).decode()


def backoff(attempts: int, first_s: float, cap_s: float, chance: random.Random) -> timedelta:
    """Returns the wait before the next attempt: exponential, capped, full jitter."""
    ceiling = min(cap_s, first_s * (2 ** max(attempts - 1, 0)))
    return timedelta(seconds=chance.uniform(0, ceiling))


def after_attempt(
    delivery: Delivery,
    attempt: Attempt,
    now: datetime,
    give_up_after: timedelta,
    wait: timedelta,
) -> Delivery:
    """Returns the delivery with the attempt logged: delivered on a 2xx, else pending until
    the next attempt, or failed once the retry window since its creation has passed."""
    attempts = [*delivery.attempts, attempt]
    if attempt.status is not None and 200 <= attempt.status < 300:
        return delivery.model_copy(update={"attempts": attempts, "state": DeliveryState.DELIVERED})
    if now + wait - delivery.created_at > give_up_after:
        return delivery.model_copy(update={"attempts": attempts, "state": DeliveryState.FAILED})
    return delivery.model_copy(update={"attempts": attempts, "next_attempt_at": now + wait})


def check_url(url: str, loopback_http: bool) -> tuple[str, int]:
    """Returns the host and port of a receiver's URL, or raises FieldError: https only (http
    only to a loopback host where ``loopback_http``), no credentials in it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host:
        raise FieldError("url", "must be an absolute https URL")
    if parts.username or parts.password:
        raise FieldError("url", "must not carry credentials")
    if parts.scheme == "http":
        if not (loopback_http and _is_loopback_name(host)):
            raise FieldError("url", "must use https (http only to loopback in development)")
    elif parts.scheme != "https":
        raise FieldError("url", "must use https")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FieldError("url", "has an invalid port") from None
    return host, port


def _is_loopback_name(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def address_allowed(
    address: IpAddress, allowed: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network],
    loopback: bool,
) -> bool:  # fmt: skip
    """Whether a delivery may connect to this address: public ones, loopback only where
    allowed (development), and private, link-local or reserved ones only if listed."""
    if any(address in network for network in allowed):
        return True
    if address.is_loopback:
        return loopback
    return not (
        address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )
