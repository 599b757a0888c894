"""Response schemas of notifications' HTTP API (requests are the domain's commands)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from services.notifications import examples as ex
from services.notifications.domain.webhooks import Delivery, Subscription, SubscriptionStatus


class RuleRow(BaseModel):
    """One alert rule and its parameter."""

    kind: str
    watches: str
    parameter: str | None
    days: int | None


class RuleTable(BaseModel):
    """Every alert rule with its parameter, as this service runs them."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.RULE_TABLE))

    rules: list[RuleRow]


class SubscriptionView(BaseModel):
    """A subscription as listed: everything but its secret."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.SUBSCRIPTION))

    subscription_id: str
    url: str
    event_types: list[str]
    alert_kinds: list[str]
    province_codes: list[str]
    status: SubscriptionStatus
    failing_since: datetime | None
    created_by: str
    created_at: datetime

    @classmethod
    def of(cls, subscription: Subscription) -> SubscriptionView:
        """Returns the view of a subscription (no secret)."""
        return cls.model_validate(subscription.model_dump(exclude={"secret"}))


class NewSubscriptionView(SubscriptionView):
    """A subscription just made, with its secret: the only answer that shows it."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.NEW_SUBSCRIPTION))

    secret: str

    @classmethod
    def of(cls, subscription: Subscription) -> NewSubscriptionView:
        """Returns the view of a new subscription, secret included."""
        return cls.model_validate(subscription.model_dump())


class DeliveryList(BaseModel):
    """Deliveries with their attempts."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.DELIVERY_LIST))

    deliveries: list[Delivery]
