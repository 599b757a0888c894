"""Reporting's event subscribers: every service's events the figures count, kept as facts."""

from __future__ import annotations

from datetime import UTC, datetime

from services.reporting import store
from services.reporting.domain.facts import Fact, FactKind, fact_of, imported_facts, with_facts
from shared.consumer import ProjectionError, ReceivedEvent, ViewChange
from shared.contracts.intake import WorkerCaseImported, WorkerMerged
from shared.events.topics import Topic
from shared.merges import refused_merge
from shared.store import Document

FACT_TOPICS = (Topic.INTAKE, Topic.TRAINING, Topic.DEPLOYMENT, Topic.AFTERCARE)
IMPORTED = "worker.case-imported"
COUNTED = frozenset(kind.value for kind in FactKind) | {IMPORTED}


class FactProjection:
    """Each worker's facts, one document per worker (``_id`` = the worker id, the events'
    subject): a fact per counted event, added once whatever the arrival order, never changed.
    The figures are computed from them at report time."""

    name = "facts"
    event_types = COUNTED

    def __init__(self, topic_prefix: str = "") -> None:
        # Reporting publishes nothing; the consumer needs a topic for follow-ups it never emits.
        self.output_topic = topic_prefix + Topic.AFTERCARE

    def view_id(self, event: ReceivedEvent) -> str | None:
        return event.envelope.subject if event.envelope.type in COUNTED else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        return ViewChange(self.apply_all(state, [event]))

    def apply_all(self, state: Document | None, events: list[ReceivedEvent]) -> Document:
        """Adds a batch's facts of one worker at once: the document read and written once, the
        same result as ``apply`` one by one (the consumer's fast path; see shared/consumer)."""
        known = store.worker_facts(state) if state else []
        new = [fact for event in events for fact in _facts(event)]
        return store.worker_facts_state(with_facts(known, new))


def _facts(event: ReceivedEvent) -> list[Fact]:
    received_at = datetime.fromtimestamp(event.record.timestamp / 1000, UTC)
    payload = event.payload
    if isinstance(payload, WorkerMerged):  # as the views that move records refuse it
        refused = refused_merge(payload.worker_id, payload.survivor_id, (), event.envelope.source)
        if refused is not None:
            raise ProjectionError(f"{event.envelope.type}: {refused}")
    if isinstance(event.payload, WorkerCaseImported):  # a migrated case's facts, if any
        return imported_facts(event.envelope, event.payload, received_at)
    fact = fact_of(event.envelope, event.payload, received_at)
    if fact is None:
        raise ProjectionError(f"{event.envelope.type} carries no countable fact")
    return [fact]
