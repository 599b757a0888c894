"""Prometheus metrics of a service: events, handler latency, outbox, consumer lag and HTTP.

Each app has its own registry (several apps may share a test process). The consumer and the
relay count events through an ``EventMetrics``; ``install_metrics`` gives them the app's and
serves ``/metrics``. Store- and broker-derived gauges (outbox backlog, oldest pending event,
consumer lag) are computed when Prometheus scrapes, with a short cache, never on a timer.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter as Tally
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from shared.wiring import ServiceRuntime

SCRAPE_CACHE_S = 2.0
OLDEST_SCAN_LIMIT = 500
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class EventMetrics:
    """Counters and histograms moved by the consumers and the outbox relay of one service."""

    def __init__(self, service: str, registry: CollectorRegistry | None = None) -> None:
        self.service = service
        self.registry = registry or CollectorRegistry()
        labels = ["service", "group", "topic", "type"]
        self.consumed = Counter(
            "homeward_events_consumed",
            "Events read from Kafka by a consumer group, by event type",
            labels,
            registry=self.registry,
        )
        self.applied = Counter(
            "homeward_events_applied",
            "Events folded into a view (duplicates and ignored events not counted)",
            ["service", "group"],
            registry=self.registry,
        )
        self.duplicates = Counter(
            "homeward_events_duplicate",
            "Events skipped because the view had already applied them",
            ["service", "group"],
            registry=self.registry,
        )
        self.dead_lettered = Counter(
            "homeward_events_dead_lettered",
            "Events sent to a dead-letter topic, by source topic and event type",
            labels,
            registry=self.registry,
        )
        self.produced = Counter(
            "homeward_events_produced",
            "Events published by the outbox relay, by topic and event type",
            ["service", "topic", "type"],
            registry=self.registry,
        )
        self.set_aside = Counter(
            "homeward_outbox_entries_set_aside",
            "Outbox entries the relay could not publish and set aside, by collection",
            ["service", "collection"],
            registry=self.registry,
        )
        self.handler_seconds = Histogram(
            "homeward_handler_batch_seconds",
            "Time to fold and write one consumed batch into a view",
            ["service", "group"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.batch_failures = Counter(
            "homeward_handler_batch_retries",
            "Consumed batches that failed on a transient Kafka or store error and were retried",
            ["service", "group"],
            registry=self.registry,
        )

    def count_consumed(self, group: str, counts: Tally[tuple[str, str]]) -> None:
        """Adds a batch's (topic, type) tallies of consumed events."""
        for (topic, event_type), n in counts.items():
            self.consumed.labels(self.service, group, topic, event_type).inc(n)

    def count_dead_lettered(self, group: str, counts: Tally[tuple[str, str]]) -> None:
        """Adds a batch's (topic, type) tallies of dead-lettered events."""
        for (topic, event_type), n in counts.items():
            self.dead_lettered.labels(self.service, group, topic, event_type).inc(n)

    def count_produced(self, counts: Tally[tuple[str, str]]) -> None:
        """Adds a relay pass's (topic, type) tallies of published events."""
        for (topic, event_type), n in counts.items():
            self.produced.labels(self.service, topic, event_type).inc(n)


class _ScrapeGauges:
    """Gauges read from the store and the broker when Prometheus scrapes."""

    def __init__(self, runtime: ServiceRuntime, registry: CollectorRegistry) -> None:
        self.runtime = runtime
        service = runtime.settings.service_name
        self.service = service
        self.outbox_backlog = Gauge(
            "homeward_outbox_pending_documents",
            "Documents whose outbox holds events not yet published",
            ["service", "collection"],
            registry=registry,
        )
        self.outbox_oldest = Gauge(
            "homeward_outbox_oldest_pending_age_seconds",
            "Age of the oldest event still waiting in an outbox (0 when none wait)",
            ["service", "collection"],
            registry=registry,
        )
        self.set_aside_waiting = Gauge(
            "homeward_outbox_set_aside_waiting",
            "Outbox entries set aside by the relay and not yet replayed",
            ["service"],
            registry=registry,
        )
        self.relay_failing = Gauge(
            "homeward_outbox_relay_failing_seconds",
            "How long the outbox relay has been failing (0 when healthy)",
            ["service"],
            registry=registry,
        )
        self.lag = Gauge(
            "homeward_consumer_lag",
            "Records between a consumer's position and the partition's end (high watermark)",
            ["service", "group", "topic", "partition"],
            registry=registry,
        )
        self.retrying = Gauge(
            "homeward_consumer_batch_retrying_seconds",
            "How long a consumer has been retrying the batch it holds of a partition, on a "
            "store or broker outage (0 when it is not retrying)",
            ["service", "group", "topic", "partition"],
            registry=registry,
        )
        self.stuck = Gauge(
            "homeward_consumer_stuck",
            "1 while a consumer's batch of a partition has been retried past the readiness "
            "bound (consumer_stuck_after_s), which makes /readyz answer 503",
            ["service", "group", "topic", "partition"],
            registry=registry,
        )
        self._retrying_labels: set[tuple[str, str, str]] = set()
        self.store_up = Gauge(
            "homeward_store_up",
            "1 when the last scrape reached the store",
            ["service"],
            registry=registry,
        )
        self._refreshed_at = 0.0
        self._lock = asyncio.Lock()

    async def refresh(self) -> None:
        async with self._lock:
            if time.monotonic() - self._refreshed_at < SCRAPE_CACHE_S:
                return
            await self._refresh_outbox()
            await self._refresh_lag()
            self._refresh_retrying()
            failing = self.runtime.relay.status.failing_since
            self.relay_failing.labels(self.service).set(
                time.monotonic() - failing if failing else 0.0
            )
            self._refreshed_at = time.monotonic()

    async def _refresh_outbox(self) -> None:
        try:
            async with asyncio.timeout(2.0):
                for collection in list(self.runtime.relay.collections):
                    pending = await collection.count_documents({"outbox_pending": True})
                    oldest = await _oldest_pending(collection) if pending else None
                    self.outbox_backlog.labels(self.service, collection.name).set(pending)
                    self.outbox_oldest.labels(self.service, collection.name).set(
                        _age_s(oldest) if oldest else 0.0
                    )
                set_aside = self.runtime.relay.set_aside
                if set_aside is not None:
                    waiting = await set_aside.count_documents({"status": {"$ne": "replayed"}})
                    self.set_aside_waiting.labels(self.service).set(waiting)
            self.store_up.labels(self.service).set(1)
        except Exception:  # the store is down: keep the last values, say so
            self.store_up.labels(self.service).set(0)

    def _refresh_retrying(self) -> None:
        now = time.monotonic()
        retrying: set[tuple[str, str, str]] = set()
        for consumer in self.runtime.consumers:
            status = consumer.status
            if status.degraded_since is None:
                continue
            waited = now - status.degraded_since
            for topic, partition in status.retrying:
                labels = (consumer.group_id, topic, str(partition))
                retrying.add(labels)
                self.retrying.labels(self.service, *labels).set(waited)
                self.stuck.labels(self.service, *labels).set(
                    1 if waited >= consumer.stuck_after_s else 0
                )
        for labels in self._retrying_labels - retrying:
            self.retrying.labels(self.service, *labels).set(0)
            self.stuck.labels(self.service, *labels).set(0)
        self._retrying_labels |= retrying

    async def _refresh_lag(self) -> None:
        for subscriber in self.runtime.broker.subscribers:
            consumer: Any = getattr(subscriber, "consumer", None)
            group = getattr(subscriber, "group_id", None) or ""
            if consumer is None:
                continue
            with contextlib.suppress(Exception):
                for tp in consumer.assignment():
                    highwater = consumer.highwater(tp)
                    if highwater is None:
                        continue
                    position = await asyncio.wait_for(consumer.position(tp), 1.0)
                    self.lag.labels(self.service, group, tp.topic, str(tp.partition)).set(
                        max(0, highwater - position)
                    )


async def _oldest_pending(collection: Any) -> str | None:
    """The earliest ``time`` of an unsent outbox entry among (up to 500) pending documents."""
    oldest: str | None = None
    async for document in collection.find(
        {"outbox_pending": True}, {"outbox": 1, "outbox_sent": 1}, limit=OLDEST_SCAN_LIMIT
    ):
        sent = document.get("outbox_sent", 0)
        for entry in document.get("outbox", ()):
            if entry.get("sequence", 0) > sent and "time" in entry:
                oldest = min(oldest, entry["time"]) if oldest else entry["time"]
    return oldest


def _age_s(iso_time: str) -> float:
    moment = datetime.fromisoformat(iso_time)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (datetime.now(UTC) - moment).total_seconds())


class HttpMetricsMiddleware:
    """Counts requests and times them by method, route template (never the raw path), status."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            if template != "/metrics":
                self.metrics.observe(scope["method"], template, status, started)


class HttpMetrics:
    """HTTP request counters and latency histograms of one service."""

    def __init__(self, service: str, registry: CollectorRegistry) -> None:
        self.service = service
        self.requests = Counter(
            "homeward_http_requests",
            "HTTP requests by method, route template and status",
            ["service", "method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "homeward_http_request_seconds",
            "HTTP request latency by method and route template",
            ["service", "method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self._children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
        """Each method, route and status's counter and histogram, as ``labels`` returns them."""

    def observe(self, method: str, route: str, status: int, started: float) -> None:
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:  # once per method, route and status: as many as the metrics hold
            children = self._children[key] = (
                self.requests.labels(self.service, method, route, str(status)),
                self.latency.labels(self.service, method, route),
            )
        requests, latency = children
        requests.inc()
        latency.observe(time.perf_counter() - started)


def install_metrics(app: FastAPI, runtime: ServiceRuntime) -> CollectorRegistry:
    """Gives the runtime's consumers and relay one registry, and serves it at ``/metrics``
    with the process's own figures: CPU, memory, open files (``process_*``), the garbage
    collector (``python_gc_*``) and the interpreter (``python_info``)."""
    service = runtime.settings.service_name
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    GCCollector(registry=registry)
    PlatformCollector(registry=registry)
    events = EventMetrics(service, registry)
    bind_event_metrics(events, runtime.consumers, runtime.relay)
    gauges = _ScrapeGauges(runtime, registry)
    app.add_middleware(HttpMetricsMiddleware, metrics=HttpMetrics(service, registry))
    app.state.metrics = events

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", include_in_schema=True)
    async def metrics() -> Response:
        await gauges.refresh()
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return registry


def bind_event_metrics(events: EventMetrics, consumers: Iterable[Any], relay: Any) -> None:
    """Points consumers (``.metrics``) and a relay at one ``EventMetrics``."""
    for consumer in consumers:
        consumer.metrics = events
    relay.metrics = events
