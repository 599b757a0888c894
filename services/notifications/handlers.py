"""Notifications' event subscribers: what the alert rules need, folded from other services'
events into one facts document per worker and one licence document per enterprise; and its own
alert events, once each, for the webhooks."""

from __future__ import annotations

import json

from services.notifications import store
from services.notifications.domain.facts import EnterpriseFacts, WorkerFacts, heard, licence_heard
from shared.consent import fold_consent
from shared.consumer import ReceivedEvent, ViewChange, types_of
from shared.contracts import aftercare as ac
from shared.contracts import deployment as dp
from shared.contracts import intake as it
from shared.contracts import notifications as nt
from shared.events.topics import Topic
from shared.store import Document

WORKER_TOPICS = (Topic.INTAKE, Topic.DEPLOYMENT, Topic.AFTERCARE)
LICENCE_TOPICS = (Topic.DEPLOYMENT,)
WORKER_EVENTS = (
    it.WorkerRegistered,
    it.WorkerCorrected,
    it.LoanDisbursed,
    dp.WorkerDeparted,
    dp.PlacementContractEndChanged,
    ac.WorkerCheckedIn,
    ac.ContractExtended,
    ac.WorkerReturned,
    ac.ReintegrationPlanned,
    ac.CaseClosed,
    ac.IncidentReported,
    ac.IncidentEscalated,
    ac.IncidentStatusChanged,
    it.ConsentGiven,
    it.ConsentWithdrawn,
)


class WorkerFactsProjection:
    """Each worker's facts for the rules: locality, departure, contract end, contact, return,
    reintegration plan, loan, incidents. Converges whatever the arrival order."""

    name = "worker-facts"
    event_types = types_of(*WORKER_EVENTS)

    def __init__(self, topic_prefix: str = "") -> None:
        self.output_topic = topic_prefix + Topic.NOTIFICATIONS

    def view_id(self, event: ReceivedEvent) -> str | None:
        if not isinstance(event.payload, WORKER_EVENTS):
            return None
        worker_id: str = event.payload.worker_id
        return worker_id or None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        worker_id = self.view_id(event)
        assert worker_id is not None
        facts = WorkerFacts.model_validate(state) if state else WorkerFacts(worker_id=worker_id)
        payload = event.payload
        if isinstance(payload, it.ConsentGiven | it.ConsentWithdrawn):
            consent = fold_consent(facts.consent, payload, sequence=event.envelope.sequence)
            return ViewChange(store.worker_state(facts.model_copy(update={"consent": consent})))
        return ViewChange(store.worker_state(heard(facts, payload)))


class LicenceProjection:
    """Each sending enterprise's licence, from ``enterprise.licence-changed``."""

    name = "licences"
    event_types = types_of(dp.EnterpriseLicenceChanged)

    def __init__(self, topic_prefix: str = "") -> None:
        self.output_topic = topic_prefix + Topic.NOTIFICATIONS

    def view_id(self, event: ReceivedEvent) -> str | None:
        payload = event.payload
        return payload.enterprise_id if isinstance(payload, dp.EnterpriseLicenceChanged) else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        payload = event.payload
        assert isinstance(payload, dp.EnterpriseLicenceChanged)
        facts = (
            EnterpriseFacts.model_validate(state)
            if state
            else EnterpriseFacts(enterprise_id=payload.enterprise_id)
        )
        return ViewChange(store.enterprise_state(licence_heard(facts, payload)))


ALERT_EVENTS = (nt.AlertRaised, nt.AlertAcknowledged, nt.AlertResolved)


class WebhookFeedProjection:
    """Each alert event once, as a webhook body waiting to be fanned out to subscriptions."""

    name = "webhook-feed"
    event_types = types_of(*ALERT_EVENTS)
    personal_fields = frozenset({"reason"})  # the alert's reason goes into the webhook body

    def __init__(self, topic_prefix: str = "") -> None:
        self.output_topic = topic_prefix + Topic.NOTIFICATIONS

    def view_id(self, event: ReceivedEvent) -> str | None:
        return event.envelope.id if isinstance(event.payload, ALERT_EVENTS) else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        if state is not None:
            return ViewChange(state)
        payload = event.payload
        assert isinstance(payload, ALERT_EVENTS)
        envelope = event.envelope
        data = payload.model_dump(mode="json")
        body = {"type": envelope.type, "timestamp": envelope.time.isoformat(), "data": data}
        return ViewChange(
            {
                "event_id": envelope.id,
                "event_type": envelope.type,
                "worker_id": payload.worker_id,
                "kind": payload.kind.value,
                "province_code": payload.province_code,
                "order": f"{envelope.time.isoformat()}|{envelope.sequence:09d}",
                "body": json.dumps(body, ensure_ascii=False, separators=(",", ":")),
                "fanned_out": False,
                "mailed": False,
            }
        )
