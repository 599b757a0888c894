"""Webhooks: subscriptions, and the dispatcher that fans alert events out to them and delivers
each with retries, in order per worker, one receiver never holding up another."""

from __future__ import annotations

import asyncio
import contextlib
import random
import secrets
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from services.notifications import store
from services.notifications.domain.webhooks import (
    CreateSubscription,
    Delivery,
    DeliveryState,
    Subscription,
    SubscriptionStatus,
    after_attempt,
    backoff,
    new_secret,
)
from services.notifications.metrics import NotificationMetrics
from services.notifications.sender import Sender
from shared.errors import ConflictError, NotFoundError
from shared.logging import get_logger
from shared.persistence import Document

log = get_logger(__name__)
SENDS_PER_RECEIVER = 4


class Webhooks:
    """Subscriptions and their deliveries."""

    def __init__(
        self,
        subscriptions: store.Subscriptions,
        feed: store.Feed,
        deliveries: store.Deliveries,
        sender: Sender,
        clock: Callable[[], datetime],
        first_backoff_s: float,
        max_backoff_s: float,
        give_up_after_s: float,
    ) -> None:
        self.subscriptions = subscriptions
        self.feed = feed
        self.deliveries = deliveries
        self.sender = sender
        self.clock = clock
        self.first_backoff_s = first_backoff_s
        self.max_backoff_s = max_backoff_s
        self.give_up_after = timedelta(seconds=give_up_after_s)
        self.chance = random.Random()  # noqa: S311 - jitter, not a secret
        self.serving: dict[str, asyncio.Task[None]] = {}
        self.metrics = NotificationMetrics()

    # Subscriptions

    async def subscribe(self, command: CreateSubscription, by: str) -> Subscription:
        """Stores a new subscription after checking where it points (https, no private
        address unless allowed)."""
        await self.sender.destinations.check(command.url)
        subscription = Subscription(
            subscription_id=str(uuid.uuid4()),
            url=command.url,
            event_types=command.event_types,
            alert_kinds=command.alert_kinds,
            province_codes=command.province_codes,
            secret=command.secret or new_secret(secrets.token_bytes(32)),
            created_by=by,
            created_at=self.clock(),
        )
        await self.subscriptions.add(subscription)
        log.info("webhook subscribed", subscription_id=subscription.subscription_id)
        return subscription

    async def subscription(self, subscription_id: str) -> Subscription:
        """Returns a subscription, or raises NotFoundError."""
        found = await self.subscriptions.get(subscription_id)
        if found is None:
            raise NotFoundError("subscription", subscription_id)
        return found[0]

    async def deliveries_of(
        self, subscription_id: str, state: DeliveryState | None = None
    ) -> list[Delivery]:
        """Returns a subscription's deliveries with every attempt, newest first."""
        await self.subscription(subscription_id)
        return await self.deliveries.of_subscription(subscription_id, state)

    async def redo(self, delivery_id: str) -> Delivery:
        """Sends a delivery again now (a failed one gets a new retry window); the
        subscription is active again."""
        found = await self.deliveries.get(delivery_id)
        if found is None:
            raise NotFoundError("delivery", delivery_id)
        delivery, document = found
        now = self.clock()
        again = delivery.model_copy(
            update={"state": DeliveryState.PENDING, "next_attempt_at": now, "created_at": now}
        )
        if not await self.deliveries.record(again, int(document["version"])):
            raise ConflictError("the delivery is being sent; try again")
        with contextlib.suppress(NotFoundError):
            await self._mark(delivery.subscription_id, SubscriptionStatus.ACTIVE, None)
        return again

    async def _mark(
        self, subscription_id: str, status: SubscriptionStatus, since: datetime | None
    ) -> None:
        for _ in range(5):
            found = await self.subscriptions.get(subscription_id)
            if found is None:
                raise NotFoundError("subscription", subscription_id)
            subscription, version = found
            if subscription.status is status:
                return
            when = since.isoformat() if since else None
            if await self.subscriptions.mark(subscription_id, version, status, when):
                return

    # The dispatcher

    async def run_periodically(self, interval_s: float) -> None:
        """Fans out and sends what is due every ``interval_s``, until cancelled."""
        try:
            while True:
                try:
                    await self.fan_out()
                    await self.send_due()
                    await self.measure_backlog()
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # the store is away: try again next round
                    log.warning("webhook dispatch failed", error=type(exc).__name__)
                await asyncio.sleep(interval_s)
        finally:
            for task in self.serving.values():
                task.cancel()
            await self.sender.close()

    async def measure_backlog(self) -> None:
        """Sets the age of the oldest delivery still waiting."""
        oldest = await self.deliveries.oldest_pending()
        age = (self.clock() - oldest).total_seconds() if oldest else 0.0
        self.metrics.oldest_undelivered.set(max(age, 0.0))

    async def fan_out(self) -> int:
        """Inserts one delivery per subscription that wants each waiting event; returns how
        many events were fanned out."""
        waiting = await self.feed.waiting()
        if not waiting:
            return 0
        subscriptions = await self.subscriptions.every()
        for event in waiting:
            for subscription in subscriptions:
                if subscription.wants(event["event_type"], event["kind"], event["province_code"]):
                    await self.deliveries.add(self._delivery(subscription, event))
            await self.feed.fanned_out(event["_id"], int(event["version"]))
        return len(waiting)

    def _delivery(self, subscription: Subscription, event: Document) -> Delivery:
        now = self.clock()
        return Delivery(
            delivery_id=f"{subscription.subscription_id}~{event['event_id']}",
            subscription_id=subscription.subscription_id,
            event_id=event["event_id"],
            event_type=event["event_type"],
            worker_id=event["worker_id"],
            order=event["order"],
            body=event["body"],
            created_at=now,
            next_attempt_at=now,
        )

    async def send_due(self) -> None:
        """Starts serving each subscription not being served already: each receiver in its
        own task, so a slow one holds up only itself."""
        for subscription in await self.subscriptions.every():
            running = self.serving.get(subscription.subscription_id)
            if running is None or running.done():
                task = asyncio.create_task(self._serve(subscription))
                self.serving[subscription.subscription_id] = task

    async def _serve(self, subscription: Subscription) -> None:
        try:
            pending = await self.deliveries.pending_of(subscription.subscription_id)
            heads: dict[str, tuple[Delivery, Document]] = {}
            for delivery, document in pending:  # in event order: each worker's first waits
                heads.setdefault(delivery.worker_id, (delivery, document))
            now = self.clock()
            due = [
                (d, doc)
                for d, doc in heads.values()
                if d.next_attempt_at <= now and str(doc.get("leased_until") or "") < now.isoformat()
            ]
            gate = asyncio.Semaphore(SENDS_PER_RECEIVER)

            async def attempt(delivery: Delivery, document: Document) -> None:
                async with gate:
                    await self._attempt(subscription, delivery, int(document["version"]))

            await asyncio.gather(*(attempt(d, doc) for d, doc in due))
        except Exception as exc:
            log.warning("webhook receiver round failed", error=type(exc).__name__)

    async def _attempt(self, subscription: Subscription, delivery: Delivery, version: int) -> None:
        now = self.clock()
        lease = now + timedelta(seconds=self.sender.timeout_s + 30)
        if not await self.deliveries.lease(delivery.delivery_id, version, lease):
            return  # another replica is sending it
        attempt = await self.sender.send(
            subscription.url, subscription.secret, delivery.event_id, delivery.body, now
        )
        done = self.clock()
        wait = backoff(
            len(delivery.attempts) + 1, self.first_backoff_s, self.max_backoff_s, self.chance
        )
        changed = after_attempt(delivery, attempt, done, self.give_up_after, wait)
        await self.deliveries.record(changed, version + 1)
        outcome = "retried" if changed.state is DeliveryState.PENDING else changed.state.value
        self.metrics.deliveries.labels(outcome).inc()
        log.info(
            "webhook attempt",
            subscription_id=subscription.subscription_id,
            status=attempt.status,
            outcome=changed.state.value,
        )
        if changed.state is DeliveryState.FAILED:
            await self._mark(subscription.subscription_id, SubscriptionStatus.FAILING, done)
