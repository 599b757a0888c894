"""Events aftercare publishes on ``homeward.aftercare.events``, keyed by worker id."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.topics import Topic


class ReturnReason(StrEnum):
    """Why a worker came home."""

    CONTRACT_COMPLETED = "contract_completed"
    EARLY_TERMINATION = "early_termination"
    REPATRIATION = "repatriation"
    OTHER = "other"


@CATALOGUE.register(
    "worker.returned", 1, topic=Topic.AFTERCARE, producer="aftercare", consumers=("deployment",)
)
class WorkerReturned(EventPayload):
    """The worker came home; reintegration starts."""

    worker_id: str
    returned_on: date
    reason: ReturnReason
    recorded_at: datetime
