"""Wiring every service shares: the runtime (broker, store, relay, consumers) and the app."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from aiokafka import AIOKafkaProducer, ConsumerRecord
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.middlewares import AckPolicy
from faststream.specification import AsyncAPI
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import shared.contracts  # noqa: F401 - registers every event payload in the catalogue
from shared.auth import api as access_api
from shared.auth.audit import AUDIT, GRANTS, prepare_audit
from shared.auth.emergency import prepare_grants
from shared.auth.guard import Guard, authorize
from shared.auth.rules import AccessRules
from shared.auth.settings import AuthSettings
from shared.consumer import EventConsumer, Projection
from shared.events.catalogue import CATALOGUE
from shared.events.topics import topic_specs
from shared.http import install_error_handlers
from shared.kafka import ensure_topics, make_broker, make_producer
from shared.limits import InputCaps, InputLimits, correlation_id_or_new
from shared.logging import configure_logging, get_logger
from shared.metrics import install_metrics
from shared.outbox import SET_ASIDE, OutboxRelay
from shared.persistence.stores import Store, open_store
from shared.privacy.keys import DATA_KEYS, DataKeys
from shared.privacy.lookup import LOOKUP_KEYS, LookupKeys
from shared.privacy.masters import KeyWrapper, MasterKeyFile
from shared.privacy.sealing import Opener, Sealer
from shared.retry import backoff_delays
from shared.settings import ServiceSettings
from shared.store import Document, make_store_client, ping_store

log = get_logger(__name__)


def data_keys(settings: ServiceSettings, client: AsyncMongoClient[Document]) -> DataKeys:
    """The workers' data keys, in the key store every service shares, wrapped by the master
    keys of ``master_key_file`` (made on first use outside production)."""
    masters = MasterKeyFile.at(
        settings.master_key_file, create=settings.environment != "production"
    )
    store = open_store(client[settings.key_store_database], settings.store_kind)
    return DataKeys(store.collection(DATA_KEYS), masters, settings.data_key_cache_s)


def lookup_keys(
    settings: ServiceSettings, client: AsyncMongoClient[Document], masters: KeyWrapper
) -> LookupKeys:
    """The keys of keyed hashes, in the key store beside the data keys, wrapped by the same
    master keys."""
    store = open_store(client[settings.key_store_database], settings.store_kind)
    return LookupKeys(store.collection(LOOKUP_KEYS), masters)


CORRELATION_HEADER = "X-Correlation-ID"
CORRELATION_HEADER_BYTES = CORRELATION_HEADER.lower().encode()
GUARD_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "no bearer token, or one that cannot be trusted"},
    403: {"description": "the caller's role may not take this action (docs/security.md)"},
    413: {"description": "the request body is larger than the limit"},
    431: {"description": "the request's headers are too many or too large"},
    429: {"description": "too many requests from this caller for this endpoint"},
}
READINESS_TIMEOUT_S = 2.0
STOP_STEP_TIMEOUT_S = 10.0
"""The longest one step of a service's stop is waited for."""


@dataclass
class ServiceRuntime:
    """Everything a running service holds: one per process, built in ``app.py``."""

    settings: ServiceSettings
    broker: KafkaBroker
    client: AsyncMongoClient[Document]
    database: AsyncDatabase[Document]
    store: Store
    producer: AIOKafkaProducer
    relay: OutboxRelay
    consumers: list[EventConsumer] = field(default_factory=list)
    keys: DataKeys | None = None
    lookup: LookupKeys | None = None
    kafka_connected: bool = False
    kafka_error: str | None = None
    store_ready: bool = False
    started_at: float = field(default_factory=time.monotonic)
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    @classmethod
    def create(
        cls, settings: ServiceSettings, outbox_collections: Sequence[str] = ()
    ) -> ServiceRuntime:
        """Builds the clients; nothing connects until the app starts."""
        client = make_store_client(
            settings.mongodb_url, settings.mongodb_timeout_ms, settings.service_name
        )
        database = client[settings.database_name]
        producer = make_producer(settings)
        relay = OutboxRelay(
            [database[name] for name in outbox_collections],
            producer,
            batch_size=settings.relay_batch_size,
            idle_interval_s=settings.relay_idle_interval_s,
            idle_max_interval_s=settings.relay_idle_max_interval_s,
            set_aside=database[SET_ASIDE],
        )
        store = open_store(database, settings.store_kind)
        runtime = cls(settings, make_broker(settings), client, database, store, producer, relay)
        relay.renew_producer = runtime.renew_producer
        runtime.keys = data_keys(settings, client)
        runtime.lookup = lookup_keys(settings, client, runtime.keys.masters)
        relay.sealer = Sealer(runtime.keys)
        return runtime

    async def renew_producer(self) -> AIOKafkaProducer:
        """Replaces the producer with a started new one, for the relay and the consumers.

        After the broker refused a batch, an idempotent producer's sequence for that partition
        has a gap and every later record to it fails (OutOfOrderSequenceNumber); a new producer
        starts a new sequence.
        """
        fresh = make_producer(self.settings)
        await fresh.start()
        old, self.producer = self.producer, fresh
        self.relay.producer = fresh
        for consumer in self.consumers:
            consumer.producer = fresh
        with contextlib.suppress(Exception):
            await asyncio.wait_for(old.stop(), timeout=3)
        return fresh

    def document_publications(self, producer: str) -> None:
        """Declares the events this service publishes, so its AsyncAPI document lists them."""
        for spec in CATALOGUE.specs.values():
            if spec.producer != producer:
                continue
            self.broker.publisher(
                self.settings.topic_prefix + spec.topic,
                title=f"{spec.type} v{spec.version}",
                description=f"{spec.summary} Key: worker id. CloudEvents binary mode; "
                f"dataschema {spec.dataschema}.",
                schema=spec.payload,
            )

    def subscribe(
        self, projection: Projection, topics: Sequence[str], collection: str
    ) -> EventConsumer:
        """Feeds a projection from topics in the service's consumer group, in batches."""
        settings = self.settings
        group_id = (
            f"{settings.consumer_group_prefix}homeward-{settings.service_name}-{projection.name}"
        )
        consumer = EventConsumer(
            projection,
            self.database[collection],
            self.producer,
            group_id=group_id,
            source=self.settings.service_name,
            stuck_after_s=self.settings.consumer_stuck_after_s,
        )
        consumer.renew_producer = self.renew_producer
        consumer.opener = Opener(self.keys, getattr(projection, "personal_fields", ()))
        consumer.sealer = self.relay.sealer
        # The relay still publishes what earlier versions left in the view's outboxes.
        self.relay.drain_leftovers(self.database[collection])

        async def on_batch(_: list[Any], message: KafkaMessage) -> None:
            records: tuple[ConsumerRecord[bytes, bytes], ...] = message.raw_message
            await consumer.handle(records)

        on_batch.__name__ = f"apply_{projection.name}"
        on_batch.__doc__ = f"Folds {', '.join(topics)} into the {collection} view."
        self.broker.subscriber(
            *[self.settings.topic_prefix + t for t in topics],
            group_id=group_id,
            batch=True,
            max_records=self.settings.consumer_batch_size,
            batch_timeout_ms=self.settings.consumer_batch_timeout_ms,
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
            parser=_parse_any_headers,
            decoder=_raw_body,
            max_poll_interval_ms=10 * 60 * 1000,
        )(on_batch)
        self.consumers.append(consumer)
        return consumer

    def run_in_background(self, job: Coroutine[Any, Any, Any], name: str) -> None:
        """Runs a service's own periodic job; it is cancelled when the service stops."""
        self._tasks.append(asyncio.create_task(job, name=name))

    async def start(
        self, prepare_store: Callable[[AsyncDatabase[Document]], Awaitable[None]]
    ) -> None:
        """Connects in the background so the HTTP API is up even while Kafka or the store is not."""
        self._tasks.append(asyncio.create_task(self._prepare_store(prepare_store), name="store"))
        self._tasks.append(asyncio.create_task(self._connect_kafka(), name="kafka"))

    async def _prepare_store(
        self, prepare: Callable[[AsyncDatabase[Document]], Awaitable[None]]
    ) -> None:
        delays = backoff_delays(0.2, 5.0)
        while True:
            try:
                await prepare(self.database)
                self.store_ready = True
                return
            except Exception as exc:
                delay = next(delays)
                log.warning("store not ready, retrying", error=type(exc).__name__, retry_in_s=delay)
                await asyncio.sleep(delay)

    async def _connect_kafka(self) -> None:
        delays = backoff_delays(0.2, 5.0)
        settings = self.settings
        while True:
            try:
                await ensure_topics(
                    settings,
                    topic_specs(
                        settings.topic_partitions,
                        settings.topic_replication_factor,
                        settings.topic_prefix,
                    ),
                )
                await self.producer.start()
                await self.broker.start()
                break
            except Exception as exc:
                self.kafka_error = f"{type(exc).__name__}: {exc}"
                delay = next(delays)
                log.warning("kafka not ready, retrying", error=self.kafka_error, retry_in_s=delay)
                with contextlib.suppress(Exception):
                    await self.producer.stop()
                    self.producer = make_producer(settings)
                    self.relay.producer = self.producer
                    for consumer in self.consumers:
                        consumer.producer = self.producer
                await asyncio.sleep(delay)
        self.kafka_connected = True
        self.kafka_error = None
        self._tasks.append(asyncio.create_task(self.relay.run(), name="outbox-relay"))
        log.info("kafka connected", bootstrap=settings.kafka_bootstrap_servers)

    async def stop(self) -> None:
        """Finishes the batch in hand, commits, flushes the relay, and closes every client."""
        for consumer in self.consumers:
            consumer.stop()
        if self.kafka_connected:
            await _bounded(self.broker.stop(), "the consumers' stop")
        self.relay.stop()
        if self.kafka_connected:
            # One last pass so events written just now leave before we exit (best effort:
            # whatever is left goes out on the next start).
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.relay.publish_pending(), timeout=2)
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await _bounded(
                asyncio.gather(*self._tasks, return_exceptions=True), "the background jobs"
            )
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.producer.stop(), timeout=3)
        # A store task left behind above may hold the client's pool: its close must not wait
        # on it for ever.
        await _bounded(self.client.close(), "the store client's close")

    async def readiness(self) -> dict[str, str]:
        """Returns each dependency's state; anything but 'ok' makes the service unready."""
        checks: dict[str, str] = {}
        try:
            await asyncio.wait_for(ping_store(self.database), READINESS_TIMEOUT_S)
            checks["store"] = "ok" if self.store_ready else "preparing indexes"
        except Exception as exc:
            checks["store"] = f"unreachable ({type(exc).__name__})"
        if not self.kafka_connected:
            checks["kafka"] = f"connecting ({self.kafka_error or 'starting'})"
        elif await self.broker.ping(timeout=READINESS_TIMEOUT_S):
            checks["kafka"] = "ok"
        else:
            checks["kafka"] = "unreachable"
        checks["relay"] = self.relay_check()
        for consumer in self.consumers:
            checks[f"consumer:{consumer.projection.name}"] = consumer_check(consumer)
        return checks

    def relay_check(self) -> str:
        """'ok', or how long the oldest event has waited past the configured bound."""
        waited = self.relay.status.oldest_pending_age_s
        bound = self.settings.relay_max_pending_age_s
        if waited <= bound:
            return "ok"
        error = self.relay.status.last_error
        return f"oldest pending event waited {waited:.0f}s (bound {bound:.0f}s)" + (
            f"; relay failing: {error.split(':', 1)[0]}" if error else ""
        )

    def relay_state(self) -> dict[str, float | int]:
        """The relay's backlog as the last pass saw it, for ``/readyz``."""
        status = self.relay.status
        return {
            "pending_documents": status.pending_documents,
            "oldest_pending_age_s": round(status.oldest_pending_age_s, 1),
            "set_aside": status.set_aside,
        }


def consumer_check(consumer: EventConsumer) -> str:
    """'ok', or which group and partitions have had a batch retried for longer than the bound.

    A shorter retry is a blip the consumer rides out (the store or broker checks already say
    when either is unreachable); past the bound the service is not keeping its views current.
    """
    status = consumer.status
    stuck_for = status.stuck_for(consumer.stuck_after_s)
    if stuck_for is None:
        return "ok"
    partitions = ", ".join(f"{topic}[{partition}]" for topic, partition in status.retrying)
    return (
        f"group {consumer.group_id} stuck on {partitions}: a batch retried for "
        f"{stuck_for:.0f}s ({status.last_error})"
    )


async def _parse_any_headers(
    records: tuple[ConsumerRecord[bytes, bytes], ...],
    parse: Callable[[tuple[ConsumerRecord[bytes, bytes], ...]], Awaitable[Any]],
) -> Any:
    """FastStream's batch parser, for records whose header values need not be UTF-8.

    It decodes every header value as UTF-8 and raises on the first that is not, before the
    consumer sees the batch: a nack, redelivered forever. Such a batch is parsed from copies
    whose headers are made readable, and the consumer gets the records as they are (it
    dead-letters the one with the unreadable header).
    """
    try:
        return await parse(records)
    except (UnicodeDecodeError, AttributeError):  # AttributeError: a header without value
        readable = tuple(
            dataclasses.replace(
                record,
                headers=[
                    (name, (value or b"").decode(errors="replace").encode())
                    for name, value in record.headers
                ],
            )
            for record in records
        )
        message = await parse(readable)
        message.raw_message = records
        return message


async def _raw_body(message: Any) -> Any:
    # Skip FastStream's JSON decoding: the consumer reads CloudEvents from raw records.
    return message.body


def create_service_app(
    runtime: ServiceRuntime,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter] = (),
    access_rules: AccessRules,
    prepare_store: Callable[[AsyncDatabase[Document]], Awaitable[None]] | None = None,
    on_startup: Callable[[ServiceRuntime], Awaitable[None]] | None = None,
    auth_settings: AuthSettings | None = None,
    upload_paths: Sequence[str] = (),
) -> FastAPI:
    """Returns the service's FastAPI app with health, readiness and the AsyncAPI document.

    Every route of ``routers`` is protected: a bearer token, then the rule ``access_rules`` holds
    for it (a route without a rule is refused), then the caller's scope. Every request meets the
    input caps (``shared.limits``); a body to one of ``upload_paths`` may be as large as an upload.
    """
    settings = runtime.settings
    configure_logging(settings.service_name, settings.log_format, settings.log_level)
    auth_settings = auth_settings or AuthSettings()
    guard = Guard(
        settings.service_name,
        auth_settings,
        {**access_rules, **access_api.RULES},
        runtime.database,
        runtime.store,
    )

    async def prepare_everything(database: AsyncDatabase[Document]) -> None:
        await prepare_audit(runtime.store.collection(AUDIT))
        await prepare_grants(runtime.store.collection(GRANTS))
        if prepare_store is not None:
            await prepare_store(database)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start(prepare_everything)
        if on_startup is not None:
            await on_startup(runtime)
        log.info("service started", port=settings.http_port)
        yield
        log.info("service stopping")
        await _bounded(guard.trail.close(), "the audit trail's last write")
        await runtime.stop()

    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        generate_unique_id_function=operation_ids(settings.service_name),
    )
    app.state.runtime = runtime
    app.state.guard = guard
    install_error_handlers(app)
    install_metrics(app, runtime)

    app.add_middleware(AuditMiddleware, guard=guard)
    app.add_middleware(CorrelationMiddleware)
    app.add_middleware(ForwardedPrefixMiddleware, service=settings.service_name)

    @app.get("/healthz", tags=["operations"], summary="The process is up")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": settings.service_name}

    @app.get("/readyz", tags=["operations"], summary="Dependencies, consumers and relay healthy")
    async def readyz() -> JSONResponse:
        checks = await runtime.readiness()
        ready = all(v == "ok" for v in checks.values())
        return JSONResponse(
            {
                "status": "ready" if ready else "unready",
                "checks": checks,
                "relay": runtime.relay_state(),
            },
            status_code=200 if ready else 503,
        )

    @app.get("/asyncapi.json", tags=["operations"], summary="The AsyncAPI document of the events")
    async def asyncapi() -> JSONResponse:
        return JSONResponse(asyncapi_document(runtime, title))

    protected = [Depends(authorize)]
    for router in (*routers, access_api.router):
        app.include_router(router, dependencies=protected, responses=GUARD_RESPONSES)
    app.add_middleware(InputLimits, caps=input_caps(auth_settings, upload_paths))
    if settings.cors_origins:  # outermost: a preflight is answered before any other check
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", CORRELATION_HEADER],
            expose_headers=[CORRELATION_HEADER],
            max_age=600,
        )
    return app


def operation_ids(service: str) -> Callable[[APIRoute], str]:
    """Names each operation ``<service>_<function name>`` (``intake_register_worker``): stable
    while the function keeps its name, and unique across the combined document of the API."""

    def operation_id(route: APIRoute) -> str:
        return f"{service}_{route.name}"

    return operation_id


def input_caps(settings: AuthSettings, upload_paths: Sequence[str] = ()) -> InputCaps:
    """Returns the caps every request to a service meets, from the ``AUTH_*`` settings."""
    return InputCaps(
        max_header_bytes=settings.max_header_bytes,
        max_headers=settings.max_headers,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        max_json_depth=settings.max_json_depth,
        upload_paths=frozenset(upload_paths),
    )


FORWARDED_PREFIX_HEADER = b"x-forwarded-prefix"


class ForwardedPrefixMiddleware:
    """Takes the front door's ``X-Forwarded-Prefix`` (``/v1/intake``) as the request's root
    path, so the service's OpenAPI ``servers`` and docs page name the URL the caller used. The
    front door strips the prefix: routes still match the path as the service knows it. Only
    the service's own prefix is taken; anything else (a caller naming another service on the
    service's own port) is ignored."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.prefix = f"/v1/{service}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            prefix = _header(scope, FORWARDED_PREFIX_HEADER)
            if prefix == self.prefix:
                scope["root_path"] = prefix
        await self.app(scope, receive, send)


class CorrelationMiddleware:
    """Binds the request's ``X-Correlation-ID`` (a new one if it is missing or malformed) to its
    log lines, state and events, and echoes it on the response. Plain ASGI: ``@app.middleware``
    runs every request in a task of its own and costs a few hundred microseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        correlation_id = correlation_id_or_new(_header(scope, CORRELATION_HEADER_BYTES))
        scope.setdefault("state", {})["correlation_id"] = correlation_id
        echoed = (CORRELATION_HEADER_BYTES, correlation_id.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), echoed]}
            await send(message)

        # bound and reset by token: ``bound_contextvars`` reads every bound variable twice
        tokens = structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            structlog.contextvars.reset_contextvars(**tokens)


class AuditMiddleware:
    """Holds a request's answer until its audit entry is stored: the response's first message
    waits for the entry the guard started while the handler ran (and for a second entry if
    the answer's status is not the one it recorded), or for the entry written then. A handler
    that raises before answering is audited with the 500 the server answers."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_after_audit(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                await self.guard.finish_audit(Request(scope), message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_after_audit)
        except Exception:
            # answered 500 by the server's outermost layer, past this middleware: audited here
            if not started:
                await self.guard.finish_audit(Request(scope), 500)
            raise


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


def asyncapi_document(runtime: ServiceRuntime, title: str) -> Any:
    """Returns the service's AsyncAPI 3.0 document, generated by FastStream from its subscribers."""
    spec = AsyncAPI(runtime.broker, title=title, version="1.0.0", schema_version="3.0.0")
    return spec.to_specification().to_jsonable()


async def _bounded(step: Awaitable[Any], what: str) -> None:
    """Waits for one step of a service's stop, at most ``STOP_STEP_TIMEOUT_S``: a step that
    hangs (a broker that does not answer a group leave, a job deaf to its cancel) is asked to
    stop and left behind, so it cannot keep the process alive."""
    task = asyncio.ensure_future(step)
    done, _ = await asyncio.wait({task}, timeout=STOP_STEP_TIMEOUT_S)
    if not done:
        task.cancel()
        log.warning("a step of the stop took too long, left behind", step=what)
    elif not task.cancelled() and task.exception() is not None:
        log.warning("a step of the stop failed", step=what, error=type(task.exception()).__name__)
