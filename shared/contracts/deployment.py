"""Events deployment publishes on ``homeward.deployment.events``, keyed by worker id."""

from __future__ import annotations

from datetime import date, datetime

from shared.contracts.common import Market, Sector
from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.topics import Topic


@CATALOGUE.register(
    "worker.departed", 1, topic=Topic.DEPLOYMENT, producer="deployment", consumers=("aftercare",)
)
class WorkerDeparted(EventPayload):
    """The worker left for their job abroad under a signed contract."""

    worker_id: str
    placement_id: str
    country: Market
    employer: str
    sector: Sector
    enterprise_id: str
    job_order_id: str
    contract_start: date
    contract_end: date
    monthly_salary: float
    salary_currency: str
    monthly_salary_vnd: int
    departed_at: datetime
