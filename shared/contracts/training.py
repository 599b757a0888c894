"""Events training publishes on ``homeward.training.events``, keyed by worker id."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from shared.contracts.common import Market
from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.topics import Topic


class Certificate(BaseModel):
    """A certificate a worker earned."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    number: str
    course_id: str
    kind: str
    issued_on: date
    language_level: str | None = None


@CATALOGUE.register(
    "worker.trained",
    1,
    topic=Topic.TRAINING,
    producer="training",
    consumers=("deployment", "aftercare"),
)
class WorkerTrained(EventPayload):
    """The worker meets a market's training requirements (emitted once per market)."""

    worker_id: str
    market: Market
    language_level: str | None = None
    certificates: list[Certificate] = []
    trained_at: datetime
