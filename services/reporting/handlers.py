"""Reporting's event subscribers: every service's events the figures count, kept as facts."""

from __future__ import annotations

from datetime import UTC, datetime

from services.reporting.domain.facts import FactKind, fact_document, fact_of
from shared.consumer import ProjectionError, ReceivedEvent, ViewChange
from shared.events.topics import Topic
from shared.store import Document

FACT_TOPICS = (Topic.INTAKE, Topic.TRAINING, Topic.DEPLOYMENT, Topic.AFTERCARE)
COUNTED = frozenset(kind.value for kind in FactKind)


class FactProjection:
    """One insert-only fact per counted event, ``_id`` = the event id. The facts are never
    updated, so their arrival order does not matter; the figures are computed at report time."""

    name = "facts"
    event_types = COUNTED

    def __init__(self, topic_prefix: str = "") -> None:
        # Reporting publishes nothing; the consumer needs a topic for follow-ups it never emits.
        self.output_topic = topic_prefix + Topic.AFTERCARE

    def view_id(self, event: ReceivedEvent) -> str | None:
        return event.envelope.id if event.envelope.type in COUNTED else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        if state is not None:
            return ViewChange(state)  # the same event id again: the fact stands
        received_at = datetime.fromtimestamp(event.record.timestamp / 1000, UTC)
        fact = fact_of(event.envelope, event.payload, received_at)
        if fact is None:
            raise ProjectionError(f"{event.envelope.type} carries no countable fact")
        return ViewChange(fact_document(fact))
