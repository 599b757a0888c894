"""Notifications' use cases: run the alert rules once per tick, and each person's inbox."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from services.notifications import store
from services.notifications.domain import alerts as domain
from services.notifications.domain.alerts import Alert, AlertStatus
from services.notifications.domain.rules import RULES, RuleParameters, findings
from services.notifications.metrics import NotificationMetrics
from shared.contracts.notifications import Resolution
from shared.errors import ConflictError, NotFoundError
from shared.events.catalogue import EventPayload
from shared.events.envelope import EventEnvelope, stamp_events
from shared.logging import current_correlation_id, get_logger
from shared.persistence import AlreadyStoredError, ConcurrentUpdateError, retry_on_conflict

log = get_logger(__name__)
SOURCE = "notifications"
RULES_JOB = "alert-rules"
TICKS_KEPT = 1000


def utc_now() -> datetime:
    return datetime.now(UTC)


class NotificationsService:
    """Alerts raised by the rules, and the inbox of each person whose scope holds the worker."""

    def __init__(
        self,
        facts: store.Facts,
        alerts: store.Alerts,
        ticks: store.JobTicks,
        parameters: RuleParameters | None = None,
        clock: Callable[[], datetime] = utc_now,
        replica: str | None = None,
    ) -> None:
        self.facts = facts
        self.alerts = alerts
        self.ticks = ticks
        self.parameters = parameters or RuleParameters()
        self.clock = clock
        self.replica = replica or uuid.uuid4().hex[:12]
        self.metrics = NotificationMetrics()

    def _stamp(
        self, payload: EventPayload, worker_id: str, after: int, now: datetime
    ) -> list[EventEnvelope]:
        return stamp_events(
            [payload],
            subject=worker_id,
            after_sequence=after,
            source=SOURCE,
            correlation_id=current_correlation_id(),
            now=now,
        )

    # The periodic job

    async def run_tick(self, interval_s: float) -> bool:
        """Runs the rules if this replica wins the current tick's lease; returns whether it ran."""
        now = self.clock()
        tick = int(now.timestamp() // interval_s)
        if not await self.ticks.take(RULES_JOB, tick, self.replica, now):
            return False
        self.metrics.rule_ticks.inc()
        await self.apply_rules(now)
        await self.ticks.forget_before(RULES_JOB, tick - TICKS_KEPT)
        return True

    async def apply_rules(self, now: datetime | None = None) -> tuple[int, int]:
        """Raises an alert for each new finding and resolves the open ones whose cause went
        away; returns how many were raised and resolved."""
        now = now or self.clock()
        workers, licences, unresolved = await asyncio.gather(
            self.facts.every_worker(), self.facts.withdrawn_licences(), self.alerts.unresolved()
        )
        found = {f.alert_id: f for f in findings(workers, licences, now, self.parameters)}
        open_ids = {a.alert_id for a in unresolved}
        raised = 0
        for alert_id, finding in found.items():
            if alert_id in open_ids:
                continue
            alert, event = domain.raise_alert(finding, now)
            with contextlib.suppress(AlreadyStoredError):  # raised before (perhaps resolved)
                await self.alerts.raise_new(alert, self._stamp(event, alert.worker_id, 0, now))
                raised += 1
                self.metrics.alerts_raised.labels(alert.kind.value).inc()
                log.info("alert raised", alert_kind=alert.kind.value, worker_id=alert.worker_id)
        resolved = 0
        for alert in unresolved:
            if alert.alert_id not in found:
                with contextlib.suppress(ConflictError):  # a person resolved it meanwhile
                    await self._change(alert.alert_id, lambda a, at: domain.cause_gone(a, at))
                    resolved += 1
                    self.metrics.alerts_resolved.labels(alert.kind.value).inc()
        return raised, resolved

    async def run_periodically(self, interval_s: float) -> None:
        """Runs the rules job every ``interval_s``, one replica per tick, until cancelled."""
        while True:
            try:
                await self.run_tick(interval_s)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the store is away: try again next tick
                log.warning("alert rules failed", error=type(exc).__name__)
            await asyncio.sleep(interval_s - (self.clock().timestamp() % interval_s))

    # The inbox

    async def get_alert(self, alert_id: str) -> Alert:
        """Returns an alert, or raises NotFoundError."""
        document = await self.alerts.get(alert_id)
        if document is None:
            raise NotFoundError("alert", alert_id)
        return Alert.model_validate(document)

    async def inbox(
        self,
        scope: Mapping[str, Any],
        status: AlertStatus | None = None,
        kind: str | None = None,
        worker_id: str | None = None,
    ) -> list[Alert]:
        """Returns the alerts the scope holds, newest first."""
        return await self.alerts.find(scope, status=status, kind=kind, worker_id=worker_id)

    async def acknowledge(self, alert_id: str, by: str) -> Alert:
        """Marks an alert taken in hand by a person."""
        return await self._change(alert_id, lambda a, at: domain.acknowledge(a, by, at))

    async def resolve(self, alert_id: str, reason: str, by: str) -> Alert:
        """Resolves an alert by hand, with the reason."""
        return await self._change(
            alert_id, lambda a, at: domain.resolve(a, Resolution.BY_HAND, reason, by, at)
        )

    async def _change(
        self,
        alert_id: str,
        decide: Callable[[Alert, datetime], tuple[Alert, EventPayload | None]],
    ) -> Alert:
        async def attempt() -> Alert:
            document = await self.alerts.get(alert_id)
            if document is None:
                raise NotFoundError("alert", alert_id)
            alert = Alert.model_validate(document)
            now = self.clock()
            changed, payload = decide(alert, now)
            if payload is None:
                return changed
            events = self._stamp(payload, alert.worker_id, document.get("event_seq", 0), now)
            await self.alerts.save(changed, document["version"], events)
            return changed

        try:
            changed = await retry_on_conflict(attempt)
        except ConcurrentUpdateError:
            raise ConflictError("the alert changed meanwhile; try again") from None
        log.info("alert changed", alert_kind=changed.kind.value, status=changed.status.value)
        return changed


def parameters_table(parameters: RuleParameters) -> Sequence[dict[str, Any]]:
    """Returns the rules with their parameters, for the rules route."""
    values = parameters.model_dump()
    return [
        {
            "kind": rule.kind.value,
            "watches": rule.watches,
            "parameter": rule.parameter,
            "days": values[rule.parameter] if rule.parameter else None,
        }
        for rule in RULES
    ]
