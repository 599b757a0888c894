"""Notifications' collections; the repositories use the persistence seam's ports only.

- ``worker_facts`` (view): one document per worker, the facts the rules read, folded by the
  workers consumer from the intake, deployment and aftercare topics. Only that consumer writes.
- ``enterprise_licences`` (view): one document per sending enterprise, its licence's state,
  folded by the licences consumer from the deployment topic.
- ``alerts``: one aggregate per alert with its outbox (``Aggregates``). The alert's id is its
  rule, worker and cause: inserting it decides, on any store and across processes, that it is
  raised once. Acknowledging and resolving go through the version-checked ``save``.
- ``webhook_subscriptions``: one document per subscription; its status moves by ``advance``.
- ``webhook_feed`` (view): one document per alert event heard on notifications' own topic, folded
  by the feed consumer; the dispatcher marks it fanned out (``advance``) once it inserted a
  delivery per subscription that wants it.
- ``webhook_deliveries``: ``<subscription>~<event>``, inserted once, then moved by ``advance``
  only: a lease before each attempt (one replica sends it), the attempt logged after.
- ``job_ticks``: one inserted document ``<job>#<tick>`` per tick of a periodic job: the
  replica whose insert wins runs that tick (a lease decided by the unique ``_id``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from services.notifications.domain.alerts import Alert, AlertStatus
from services.notifications.domain.contacts import OfficerContact
from services.notifications.domain.facts import EnterpriseFacts, WorkerFacts
from services.notifications.domain.webhooks import (
    Delivery,
    DeliveryState,
    Subscription,
    SubscriptionStatus,
)
from shared.events.envelope import EventEnvelope
from shared.events.topics import Topic
from shared.persistence import ASCENDING, DESCENDING, Aggregates, Document, IndexSpec, Update
from shared.persistence.stores import Store

WORKERS = "worker_facts"
ENTERPRISES = "enterprise_licences"
ALERTS = "alerts"
JOB_TICKS = "job_ticks"
SUBSCRIPTIONS = "webhook_subscriptions"
FEED = "webhook_feed"
DELIVERIES = "webhook_deliveries"
CONTACTS = "officer_contacts"
MAILS = "alert_mails"
TEXTS = "alert_texts"
OUTBOX_COLLECTIONS = (ALERTS,)
HIDDEN: Mapping[str, int] = {"outbox": 0, "applied": 0}
MAX_LISTED = 500


async def prepare(store: Store) -> None:
    """Creates notifications' missing indexes: relay flags, inbox filters, the open alerts."""
    pending: IndexSpec = ("outbox_pending", [("outbox_pending", ASCENDING)], False)
    for name in (ALERTS, WORKERS, ENTERPRISES, FEED):
        await store.collection(name).ensure_indexes([pending])
    await store.collection(ALERTS).ensure_indexes(
        [
            ("by_status", [("status", ASCENDING)], False),
            ("by_commune", [("province_code", ASCENDING), ("commune_code", ASCENDING)], False),
            ("by_worker", [("worker_id", ASCENDING)], False),
        ]
    )
    await store.collection(WORKERS).ensure_indexes(
        [("by_enterprise", [("enterprise_id", ASCENDING)], False)]
    )
    await store.collection(FEED).ensure_indexes(
        [
            ("by_fanned_out", [("fanned_out", ASCENDING)], False),
            ("by_mailed", [("mailed", ASCENDING)], False),
        ]
    )
    await store.collection(CONTACTS).ensure_indexes(
        [("by_province", [("province_code", ASCENDING)], False)]
    )
    await store.collection(DELIVERIES).ensure_indexes(
        [
            ("by_subscription", [("subscription_id", ASCENDING), ("state", ASCENDING)], False),
            ("by_state", [("state", ASCENDING)], False),
        ]
    )


def worker_state(facts: WorkerFacts) -> Document:
    """Returns a worker facts view document's state."""
    return {**facts.model_dump(mode="json"), "abroad": facts.abroad}


def enterprise_state(facts: EnterpriseFacts) -> Document:
    """Returns an enterprise licence view document's state."""
    return {**facts.model_dump(mode="json"), "withdrawn": facts.withdrawn}


def alert_state(alert: Alert) -> Document:
    """Returns an alert document's state."""
    return alert.model_dump(mode="json")


class Facts:
    """The worker and enterprise views the consumers fold: read here, never written."""

    def __init__(self, store: Store) -> None:
        self.workers = store.collection(WORKERS)
        self.enterprises = store.collection(ENTERPRISES)

    async def every_worker(self) -> list[WorkerFacts]:
        """Returns the facts of every worker heard of."""
        return [WorkerFacts.model_validate(d) async for d in self.workers.scan({}, HIDDEN)]

    async def withdrawn_licences(self) -> dict[str, EnterpriseFacts]:
        """Returns the enterprises whose licence is suspended or revoked, by id."""
        documents = await self.enterprises.find({"withdrawn": True}, HIDDEN)
        found = [EnterpriseFacts.model_validate(d) for d in documents]
        return {e.enterprise_id: e for e in found}


class Alerts:
    """The alerts (aggregates with their events to notifications' topic)."""

    def __init__(self, store: Store, topic_prefix: str, notify: Callable[[], None]) -> None:
        self.collection = store.collection(ALERTS)
        self.records = Aggregates(self.collection, topic_prefix + Topic.NOTIFICATIONS, notify)

    async def get(self, alert_id: str) -> Document | None:
        """Returns an alert's document (state, version, event_seq), or None."""
        return await self.records.get(alert_id)

    async def raise_new(self, alert: Alert, events: Sequence[EventEnvelope]) -> None:
        """Inserts a new alert with its events; AlreadyStoredError if it was raised before."""
        await self.records.create(alert.alert_id, alert_state(alert), events)

    async def save(self, alert: Alert, version: int, events: Sequence[EventEnvelope]) -> None:
        """Writes a changed alert if still at ``version`` (ConcurrentUpdateError otherwise)."""
        await self.records.save(alert.alert_id, version, alert_state(alert), events)

    async def unresolved(self) -> list[Alert]:
        """Returns every alert not yet resolved."""
        query = {"status": {"$in": [AlertStatus.OPEN.value, AlertStatus.ACKNOWLEDGED.value]}}
        return [Alert.model_validate(d) for d in await self.collection.find(query, HIDDEN)]

    async def find(
        self,
        scope: Mapping[str, Any],
        *,
        status: AlertStatus | None = None,
        kind: str | None = None,
        worker_id: str | None = None,
        limit: int = MAX_LISTED,
    ) -> list[Alert]:
        """Returns the alerts in a scope matching the filters, newest first."""
        query: dict[str, Any] = dict(scope)
        if status is not None:
            query["status"] = status.value
        if kind:
            query["kind"] = kind
        if worker_id:
            query["worker_id"] = worker_id
        documents = await self.collection.find(
            query, HIDDEN, sort=[("raised_at", DESCENDING), ("_id", ASCENDING)], limit=limit
        )
        return [Alert.model_validate(d) for d in documents]


class JobTicks:
    """Which replica runs each tick of a periodic job: the one whose insert of
    ``<job>#<tick>`` wins the unique ``_id``."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(JOB_TICKS)

    async def take(self, job: str, tick: int, holder: str, now: datetime) -> bool:
        """Takes the tick for this holder; False if another replica took it first."""
        document = {"_id": f"{job}#{tick}", "job": job, "tick": tick, "holder": holder}
        return await self.collection.insert_new({**document, "taken_at": now.isoformat()})

    async def forget_before(self, job: str, tick: int) -> int:
        """Deletes the job's ticks before ``tick`` (clean-up is a job: no TTL on FerretDB)."""
        return await self.collection.delete_where({"job": job, "tick": {"$lt": tick}})


class Subscriptions:
    """The webhook subscriptions."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(SUBSCRIPTIONS)

    async def add(self, subscription: Subscription) -> None:
        """Stores a new subscription."""
        document = subscription.model_dump(mode="json")
        await self.collection.insert(
            {"_id": subscription.subscription_id, "version": 1, **document}
        )

    async def get(self, subscription_id: str) -> tuple[Subscription, int] | None:
        """Returns a subscription and its version, or None."""
        document = await self.collection.get(subscription_id)
        if document is None:
            return None
        return Subscription.model_validate(document), int(document["version"])

    async def every(self) -> list[Subscription]:
        """Returns every subscription."""
        documents = await self.collection.find({}, sort=[("created_at", ASCENDING)])
        return [Subscription.model_validate(d) for d in documents]

    async def mark(
        self, subscription_id: str, version: int, status: SubscriptionStatus, since: str | None
    ) -> bool:
        """Moves a subscription to ``status`` if still at ``version``."""
        update = Update(set={"status": status.value, "failing_since": since})
        return await self.collection.advance(subscription_id, version, update)


class Feed:
    """The alert events the feed consumer folded, waiting to be fanned out to subscriptions."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(FEED)

    async def waiting(self, limit: int = 500) -> list[Document]:
        """Returns events not fanned out yet, oldest first."""
        return await self.collection.find(
            {"fanned_out": False}, HIDDEN, sort=[("order", ASCENDING)], limit=limit
        )

    async def unmailed(self, limit: int = 500) -> list[Document]:
        """Returns events not looked at by the mailer yet, oldest first."""
        return await self.collection.find(
            {"mailed": False}, HIDDEN, sort=[("order", ASCENDING)], limit=limit
        )

    async def mailed(self, event_id: str, version: int) -> bool:
        """Marks an event looked at by the mailer; False if its document moved meanwhile."""
        return await self.collection.advance(event_id, version, Update(set={"mailed": True}))

    async def fanned_out(self, event_id: str, version: int) -> bool:
        """Marks an event fanned out; False if its document moved meanwhile."""
        return await self.collection.advance(event_id, version, Update(set={"fanned_out": True}))


class Deliveries:
    """Each event to each subscription: inserted once, then leased and logged by ``advance``."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(DELIVERIES)

    async def add(self, delivery: Delivery) -> bool:
        """Inserts a delivery; False if it exists (another replica fanned the event out)."""
        document = {"_id": delivery.delivery_id, "version": 1, "leased_until": ""}
        return await self.collection.insert_new({**document, **delivery.model_dump(mode="json")})

    async def get(self, delivery_id: str) -> tuple[Delivery, Document] | None:
        """Returns a delivery and its document, or None."""
        document = await self.collection.get(delivery_id)
        return (Delivery.model_validate(document), document) if document else None

    async def pending_of(self, subscription_id: str) -> list[tuple[Delivery, Document]]:
        """Returns a subscription's pending deliveries, in event order."""
        query = {"subscription_id": subscription_id, "state": DeliveryState.PENDING.value}
        documents = await self.collection.find(query, sort=[("order", ASCENDING)])
        return [(Delivery.model_validate(d), d) for d in documents]

    async def of_subscription(
        self, subscription_id: str, state: DeliveryState | None = None, limit: int = MAX_LISTED
    ) -> list[Delivery]:
        """Returns a subscription's deliveries, newest first."""
        query: dict[str, Any] = {"subscription_id": subscription_id}
        if state is not None:
            query["state"] = state.value
        documents = await self.collection.find(query, sort=[("order", DESCENDING)], limit=limit)
        return [Delivery.model_validate(d) for d in documents]

    async def oldest_pending(self) -> datetime | None:
        """Returns when the oldest delivery still waiting was created, or None."""
        query = {"state": DeliveryState.PENDING.value}
        found = await self.collection.find(
            query, {"created_at": 1}, sort=[("created_at", ASCENDING)], limit=1
        )
        return datetime.fromisoformat(found[0]["created_at"]) if found else None

    async def lease(self, delivery_id: str, version: int, until: datetime) -> bool:
        """Takes the next attempt of a delivery until ``until``; False if another replica did."""
        return await self.collection.advance(
            delivery_id, version, Update(set={"leased_until": until.isoformat()})
        )

    async def record(self, delivery: Delivery, version: int) -> bool:
        """Writes a delivery's attempts and state if still at ``version``."""
        state = delivery.model_dump(mode="json")
        return await self.collection.advance(
            delivery.delivery_id, version, Update(set={**state, "leased_until": ""})
        )


class Contacts:
    """Officers' contact settings (each document written by its officer only) and the claims
    ``<event>~<officer>`` that make each alert mail (``alert_mails``) and SMS
    (``alert_texts``) go once."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(CONTACTS)
        self.mails = store.collection(MAILS)
        self.texts = store.collection(TEXTS)

    async def get(self, subject: str) -> OfficerContact | None:
        """Returns an officer's contact settings, or None."""
        document = await self.collection.get(subject)
        return OfficerContact.model_validate(document) if document else None

    async def put(self, contact: OfficerContact) -> None:
        """Writes an officer's own contact settings (one writer: that officer)."""
        await self.collection.put(
            contact.subject, Update(set=contact.model_dump(mode="json")), upsert=True
        )

    async def reaching(
        self, province_code: str | None, commune_code: str | None
    ) -> list[OfficerContact]:
        """Returns the officers with an e-mail or a phone whose area holds the place: its
        commune's officers, its province's aftercare officers."""
        if not province_code:
            return []
        found = await self.collection.find({"province_code": province_code})
        contacts = [OfficerContact.model_validate(d) for d in found]
        return [
            c
            for c in contacts
            if (c.email or c.phone)
            and (
                c.role == "aftercare_officer"
                or (c.role == "commune_officer" and c.commune_code == commune_code)
            )
        ]

    async def claim_mail(self, event_id: str, subject: str) -> bool:
        """Claims the mail of an event to an officer; False if it was claimed before."""
        return await self.mails.insert_new({"_id": f"{event_id}~{subject}"})

    async def release_mail(self, event_id: str, subject: str) -> None:
        """Gives a claim back after the mail failed, so a later round may try it again."""
        await self.mails.delete(f"{event_id}~{subject}")

    async def claim_sms(self, event_id: str, subject: str) -> bool:
        """Claims the SMS of an event to an officer; False if it was claimed before."""
        return await self.texts.insert_new({"_id": f"{event_id}~{subject}"})

    async def release_sms(self, event_id: str, subject: str) -> None:
        """Gives an SMS claim back after the gateway refused it, so a later round tries again."""
        await self.texts.delete(f"{event_id}~{subject}")
