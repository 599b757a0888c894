"""Every Homeward topic, written down in one place."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DEAD_LETTER_SUFFIX = ".dlq"
DEAD_LETTER_RETENTION_DAYS = 90
"""How long the broker keeps a dead letter (the retention table, ``shared.privacy.retention``)."""
DEAD_LETTER_RETENTION_MS = str(DEAD_LETTER_RETENTION_DAYS * 86_400_000)


class Topic(StrEnum):
    """A producing service's event topic; every worker event on it is keyed by worker id."""

    INTAKE = "homeward.intake.events"
    TRAINING = "homeward.training.events"
    DEPLOYMENT = "homeward.deployment.events"
    AFTERCARE = "homeward.aftercare.events"
    NOTIFICATIONS = "homeward.notifications.events"


@dataclass(frozen=True)
class TopicSpec:
    """A topic the project creates (auto-create is off on our brokers)."""

    name: str
    partitions: int
    replication_factor: int
    config: dict[str, str]


def dead_letter_topic(topic: str) -> str:
    """Returns the dead-letter topic of a source topic."""
    return f"{topic}{DEAD_LETTER_SUFFIX}"


def topic_specs(partitions: int, replication_factor: int, prefix: str = "") -> list[TopicSpec]:
    """Returns every topic with its dead-letter topic, sized by settings."""
    min_isr = str(min(2, replication_factor))
    specs: list[TopicSpec] = []
    for topic in Topic:
        name = prefix + topic.value
        specs.append(
            TopicSpec(
                name,
                partitions,
                replication_factor,
                # Lifecycle events are the system of record for every view: keep them.
                {"retention.ms": "-1", "min.insync.replicas": min_isr},
            )
        )
        specs.append(
            TopicSpec(
                dead_letter_topic(name),
                1,
                replication_factor,
                # Dead letters carry personal data: the broker deletes them after their period.
                {"retention.ms": DEAD_LETTER_RETENTION_MS, "min.insync.replicas": min_isr},
            )
        )
    return specs
