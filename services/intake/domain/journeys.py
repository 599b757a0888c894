"""A worker's journeys at intake: a worker home again starts the next one on the same case.

Intake learns that a journey ended from aftercare (``worker.returned``, ``case.closed``,
``worker.died-abroad``): a journey ends with the placement it followed. The ``n``-th journey is
open until ``n`` placements have ended; only then can the ``n + 1``-th start. A worker who died
abroad starts no journey again.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.intake import examples as ex
from services.intake.domain.eligibility import assess_eligibility
from services.intake.domain.registration import local_date
from services.intake.domain.worker import JourneyStart, Worker, WorkerStatus
from shared.actor import Actor
from shared.contracts.common import Market, Sector
from shared.contracts.intake import WorkerJourneyStarted
from shared.errors import ConflictError


class StartJourney(BaseModel):
    """A returned worker starts a new journey; the markets and sectors wanted may change."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.START_JOURNEY), frozen=True, extra="forbid"
    )

    started_by: Actor
    desired_markets: list[Market] | None = Field(default=None, max_length=10)
    desired_sectors: list[Sector] | None = Field(default=None, max_length=12)


class JourneyEnds(BaseModel):
    """The placements whose journey ended, as aftercare told intake (a view of its events)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    worker_id: str
    ended_placements: list[str] = []
    died_abroad_on: date | None = None

    def with_end(self, placement_id: str) -> JourneyEnds:
        """Returns the view with one more ended placement (the same one twice counts once)."""
        if placement_id in self.ended_placements:
            return self
        return self.model_copy(update={"ended_placements": [*self.ended_placements, placement_id]})

    def with_death(self, placement_id: str, died_on: date) -> JourneyEnds:
        """Returns the view with the worker's death abroad, which ends the placement's journey
        (reported twice, the earlier day is kept)."""
        ended = self.with_end(placement_id)
        if self.died_abroad_on is not None and self.died_abroad_on <= died_on:
            return ended
        return ended.model_copy(update={"died_abroad_on": died_on})

    @property
    def ended(self) -> int:
        """Returns how many journeys ended."""
        return len(self.ended_placements)


def start_journey(
    worker: Worker, command: StartJourney, ends: JourneyEnds, *, now: datetime
) -> tuple[Worker, list[WorkerJourneyStarted]]:
    """Returns the record on its next journey and its event, with today's eligibility; 409
    for a merged or withdrawn record, a worker who died abroad, or while the current journey
    is open."""
    worker.refuse_if_merged()
    if ends.died_abroad_on is not None:
        raise ConflictError(
            "the worker died abroad: no new journey can start",
            died_abroad_on=ends.died_abroad_on.isoformat(),
        )
    if worker.status is WorkerStatus.WITHDRAWN:
        raise ConflictError(
            "the worker's case is withdrawn: reopen it before starting a new journey",
            state=worker.status,
        )
    if worker.migrated_return is not None:
        ends = ends.with_end(worker.migrated_return)
    if ends.ended < worker.journey:
        raise ConflictError(
            "the worker's current journey is still open: a new journey starts once the worker "
            "has returned home or their case has closed",
            journey=worker.journey,
        )
    number = worker.journey + 1
    changes: dict[str, object] = {
        "journey": number,
        "journey_starts": [
            *worker.journey_starts,
            JourneyStart(number=number, by=command.started_by, at=now),
        ],
    }
    if command.desired_markets is not None:
        changes["desired_markets"] = command.desired_markets
    if command.desired_sectors is not None:
        changes["desired_sectors"] = command.desired_sectors
    started = worker.model_copy(update=changes)
    support = assess_eligibility(started, local_date(now)).support()
    event = WorkerJourneyStarted(
        worker_id=worker.worker_id,
        journey=number,
        household_status=started.household_status,
        locality=started.locality,
        desired_markets=started.desired_markets,
        desired_sectors=started.desired_sectors,
        support=support,
        started_by=command.started_by,
        started_at=now,
    )
    return started, [event]
