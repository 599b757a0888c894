"""An alert's life: raised by a rule, acknowledged by a person, resolved by hand or when its
cause goes away."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.notifications import examples as ex
from services.notifications.domain.rules import RECIPIENTS, Finding
from shared.contracts import notifications as nt
from shared.contracts.notifications import AlertKind, Resolution
from shared.errors import ConflictError

SYSTEM = "notifications"
"""Who resolves an alert whose cause went away."""


class AlertStatus(StrEnum):
    """Where an alert stands: open -> acknowledged -> resolved (or open -> resolved)."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class Alert(BaseModel):
    """One alert in the inboxes of the people whose scope holds its worker."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.ALERT), extra="ignore")

    alert_id: str
    kind: AlertKind
    worker_id: str
    reason: str
    province_code: str | None = None
    commune_code: str | None = None
    recipients: list[str] = []
    status: AlertStatus = AlertStatus.OPEN
    raised_at: datetime
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    resolution: Resolution | None = None
    resolution_reason: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None


class ResolveAlert(BaseModel):
    """A person's resolution of an alert: why it needs no more attention."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.RESOLVE_ALERT), extra="forbid")

    reason: str = Field(min_length=1, max_length=500, description="Why the alert is resolved")


class AcknowledgeAlert(BaseModel):
    """A person takes an alert in hand (nothing to say but who and when)."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.ACKNOWLEDGE_ALERT), extra="forbid")


def raise_alert(finding: Finding, now: datetime) -> tuple[Alert, nt.AlertRaised]:
    """Returns the new alert a finding raises, and its event."""
    alert = Alert(
        alert_id=finding.alert_id,
        kind=finding.kind,
        worker_id=finding.worker_id,
        reason=finding.reason,
        province_code=finding.province_code,
        commune_code=finding.commune_code,
        recipients=list(RECIPIENTS),
        raised_at=now,
    )
    event = nt.AlertRaised(
        alert_id=alert.alert_id,
        kind=alert.kind,
        worker_id=alert.worker_id,
        reason=alert.reason,
        province_code=alert.province_code,
        commune_code=alert.commune_code,
        recipients=alert.recipients,
        raised_at=now,
    )
    return alert, event


def acknowledge(alert: Alert, by: str, now: datetime) -> tuple[Alert, nt.AlertAcknowledged | None]:
    """Returns the alert taken in hand; acknowledging it again changes nothing."""
    if alert.status is AlertStatus.RESOLVED:
        raise ConflictError("the alert is already resolved", state=alert.status.value)
    if alert.status is AlertStatus.ACKNOWLEDGED:
        return alert, None
    changed = alert.model_copy(
        update={"status": AlertStatus.ACKNOWLEDGED, "acknowledged_by": by, "acknowledged_at": now}
    )
    event = nt.AlertAcknowledged(
        alert_id=alert.alert_id,
        kind=alert.kind,
        worker_id=alert.worker_id,
        province_code=alert.province_code,
        commune_code=alert.commune_code,
        acknowledged_by=by,
        acknowledged_at=now,
    )
    return changed, event


def resolve(
    alert: Alert, resolution: Resolution, reason: str, by: str, now: datetime
) -> tuple[Alert, nt.AlertResolved]:
    """Returns the alert resolved, with the reason; a resolved alert cannot be resolved again."""
    if alert.status is AlertStatus.RESOLVED:
        raise ConflictError("the alert is already resolved", state=alert.status.value)
    changed = alert.model_copy(
        update={
            "status": AlertStatus.RESOLVED,
            "resolution": resolution,
            "resolution_reason": reason,
            "resolved_by": by,
            "resolved_at": now,
        }
    )
    event = nt.AlertResolved(
        alert_id=alert.alert_id,
        kind=alert.kind,
        worker_id=alert.worker_id,
        resolution=resolution,
        reason=reason,
        province_code=alert.province_code,
        commune_code=alert.commune_code,
        resolved_by=by,
        resolved_at=now,
    )
    return changed, event


def cause_gone(alert: Alert, now: datetime) -> tuple[Alert, nt.AlertResolved]:
    """Returns the alert resolved because the rule no longer finds its cause."""
    return resolve(alert, Resolution.CAUSE_GONE, "its cause went away", SYSTEM, now)
