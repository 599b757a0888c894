"""Events notifications publishes on ``homeward.notifications.events``, keyed by worker id."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.topics import Topic
from shared.privacy.personal import personal


class AlertKind(StrEnum):
    """The rule that raised an alert."""

    NO_CONTACT = "no_contact"
    CONTRACT_ENDING = "contract_ending"
    INCIDENT_OVERDUE = "incident_overdue"
    LICENCE_WITHDRAWN = "licence_withdrawn"
    LOAN_WITHOUT_DEPARTURE = "loan_without_departure"
    NO_REINTEGRATION_PLAN = "no_reintegration_plan"


class Resolution(StrEnum):
    """How an alert was resolved: its cause went away, or a person closed it."""

    CAUSE_GONE = "cause_gone"
    BY_HAND = "by_hand"


@CATALOGUE.register(
    "alert.raised",
    1,
    topic=Topic.NOTIFICATIONS,
    producer="notifications",
    consumers=("notifications",),
)
class AlertRaised(EventPayload):
    """A rule found something about a worker that a person must look at."""

    alert_id: str
    kind: AlertKind
    worker_id: str
    reason: str = Field(json_schema_extra=personal(withheld=""))
    province_code: str | None = None
    commune_code: str | None = None
    recipients: list[str] = []
    raised_at: datetime


@CATALOGUE.register(
    "alert.acknowledged",
    1,
    topic=Topic.NOTIFICATIONS,
    producer="notifications",
    consumers=("notifications",),
)
class AlertAcknowledged(EventPayload):
    """A person took an alert in hand."""

    alert_id: str
    kind: AlertKind
    worker_id: str
    province_code: str | None = None
    commune_code: str | None = None
    acknowledged_by: str
    acknowledged_at: datetime


@CATALOGUE.register(
    "alert.resolved",
    1,
    topic=Topic.NOTIFICATIONS,
    producer="notifications",
    consumers=("notifications",),
)
class AlertResolved(EventPayload):
    """An alert was closed: its cause went away, or a person resolved it with a reason."""

    alert_id: str
    kind: AlertKind
    worker_id: str
    resolution: Resolution
    reason: str = Field(json_schema_extra=personal(withheld=""))
    province_code: str | None = None
    commune_code: str | None = None
    resolved_by: str
    resolved_at: datetime
