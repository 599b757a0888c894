"""A small service built only on the shared messaging code, for the delivery-guarantee tests.

It writes ``probe.stepped`` events through the outbox (POST /workers/{id}/steps), folds them
into a ``tallies`` view with the effectively-once consumer, and emits ``probe.tallied`` as a
follow-up. Run in-process or as its own process:
``uvicorn --factory tests.messaging.probe:create_app`` with ``PROBE_*`` settings.
"""

from __future__ import annotations

import os
import signal
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from pydantic import BaseModel
from pydantic_settings import SettingsConfigDict
from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from shared.auth import AccessRules, Action, Rule
from shared.consumer import ProjectionError, ReceivedEvent, ViewChange
from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.envelope import stamp_events
from shared.events.topics import Topic
from shared.logging import current_correlation_id
from shared.settings import ServiceSettings
from shared.store import (
    AggregateCollection,
    Document,
    ensure_indexes,
    new_aggregate,
    retry_on_conflict,
)
from shared.wiring import ServiceRuntime, create_service_app

LEDGERS = "ledgers"
TALLIES = "tallies"

if ("probe.stepped", 1) not in CATALOGUE.specs:

    @CATALOGUE.register("probe.stepped", 1, topic=Topic.INTAKE, producer="probe")
    class ProbeStepped(EventPayload):
        """A worker's ledger moved one step (test-only event)."""

        worker_id: str
        step: int

    @CATALOGUE.register("probe.tallied", 1, topic=Topic.TRAINING, producer="probe")
    class ProbeTallied(EventPayload):
        """The tally view counted a step (test-only follow-up event)."""

        worker_id: str
        steps: int


Stepped = CATALOGUE.spec("probe.stepped", 1).payload
Tallied = CATALOGUE.spec("probe.tallied", 1).payload


class ProbeSettings(ServiceSettings):
    """Settings of the probe: ``PROBE_*`` variables."""

    model_config = SettingsConfigDict(env_prefix="PROBE_", extra="ignore", frozen=True)

    service_name: str = "probe"
    crash_after_publish: bool = False
    crash_before_produce: bool = False  # the consumer dies between view write and follow-ups
    consume: bool = True
    produce: bool = True


class TallyProjection:
    """Per worker: every step seen, in arrival order; step 0 is refused (a poison event)."""

    name = "tallies"

    def __init__(self, topic_prefix: str) -> None:
        self.output_topic = topic_prefix + Topic.TRAINING

    def view_id(self, event: ReceivedEvent) -> str | None:
        return event.envelope.subject if event.envelope.type == "probe.stepped" else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        step = event.payload.step  # type: ignore[attr-defined]
        if step == 0:
            raise ProjectionError("step 0 is refused")
        view: Document = dict(state or {"worker_id": event.envelope.subject, "steps": []})
        view["steps"] = [*view["steps"], step]
        tallied = Tallied(worker_id=event.envelope.subject, steps=len(view["steps"]))
        return ViewChange(view, emit=[tallied])


class BulkSteps(BaseModel):
    """Many workers, each given the same number of steps in one insert."""

    workers: list[str]
    steps: int


router = APIRouter()


PROBE_RULES: AccessRules = {
    ("POST", "/workers/{worker_id}/steps"): Rule(Action.WORKER_CHANGE),
    ("POST", "/bulk-steps"): Rule(Action.WORKER_CHANGE),
}


@router.post("/workers/{worker_id}/steps", status_code=201)
async def add_steps(
    worker_id: str, request: Request, count: Annotated[int, Query(ge=1, le=1000)] = 1
) -> dict[str, int]:
    ledgers: AggregateCollection = request.app.state.ledgers

    async def attempt() -> dict[str, int]:
        document = await ledgers.get(worker_id)
        done = document["steps"] if document else 0
        sequence = document["event_seq"] if document else 0
        events = stamp_events(
            [Stepped(worker_id=worker_id, step=done + i) for i in range(1, count + 1)],
            subject=worker_id,
            after_sequence=sequence,
            source="probe",
            correlation_id=current_correlation_id(),
            now=request.app.state.clock(),
        )
        if document is None:
            await ledgers.create(worker_id, {"steps": count}, events)
        else:
            await ledgers.save(worker_id, document["version"], {"steps": done + count}, events)
        return {"steps": done + count}

    return await retry_on_conflict(attempt)


@router.post("/bulk-steps", status_code=201)
async def bulk_steps(body: BulkSteps, request: Request) -> dict[str, int]:
    ledgers: AggregateCollection = request.app.state.ledgers
    now = request.app.state.clock()
    documents = []
    for worker_id in body.workers:
        events = stamp_events(
            [Stepped(worker_id=worker_id, step=i) for i in range(1, body.steps + 1)],
            subject=worker_id,
            after_sequence=0,
            source="probe",
            correlation_id=current_correlation_id(),
            now=now,
        )
        documents.append(new_aggregate(worker_id, {"steps": body.steps}, events, ledgers.topic))
    await ledgers.collection.insert_many(documents, ordered=False)
    request.app.state.runtime.relay.notify()
    return {"events": len(body.workers) * body.steps}


async def prepare(database: AsyncDatabase[Document]) -> None:
    for name in (LEDGERS, TALLIES):
        await ensure_indexes(
            database[name], [("outbox_pending", [("outbox_pending", ASCENDING)], False)]
        )


async def _crash(_: int) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def create_app(settings: ProbeSettings | None = None) -> FastAPI:
    from datetime import UTC, datetime

    settings = settings or ProbeSettings()
    runtime = ServiceRuntime.create(
        settings, outbox_collections=(LEDGERS,) if settings.produce else ()
    )
    if settings.crash_after_publish:
        runtime.relay.after_publish = _crash
    if settings.consume:
        consumer = runtime.subscribe(
            TallyProjection(settings.topic_prefix), [Topic.INTAKE], TALLIES
        )
        if settings.crash_before_produce:
            consumer.before_produce = _crash
    app = create_service_app(
        runtime,
        title="Homeward probe",
        description=__doc__ or "",
        routers=[router],
        access_rules=PROBE_RULES,
        prepare_store=prepare,
    )
    app.state.ledgers = AggregateCollection(
        runtime.database[LEDGERS], settings.topic_prefix + Topic.INTAKE, runtime.relay.notify
    )
    app.state.clock = lambda: datetime.now(UTC)
    return app
