"""Synthetic histories of Homeward: realistic workers' journeys as the services' events.

``generate(seed, Scope.province("40", workers=2000))`` yields the events (deterministic for a
seed); ``Publisher`` sends them to the real broker; ``python -m tools.generator`` does both.
"""

from tools.generator.history import Scope, generate, topic_of, worker_journey
from tools.generator.publish import BadRecord, Publisher, PublishReport, bad_records

__all__ = [
    "BadRecord",
    "PublishReport",
    "Publisher",
    "Scope",
    "bad_records",
    "generate",
    "topic_of",
    "worker_journey",
]
