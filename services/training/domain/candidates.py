"""Training's view of a candidate, folded only from intake's events, in any arrival order.

Each fact keeps the position of the event that set it (intake's per-worker ``sequence``, then
the event time and id as tie-breaks). A later-positioned event replaces a fact; an earlier one
is ignored. So every permutation of the same events, with or without duplicates, folds to the
same view: a withdrawal read before the registration still leaves the worker withdrawn.
A merge (the record was a duplicate of another worker's) is final: the record stops being a
candidate whatever comes after.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from shared.consent import ConsentStanding, fold_consent
from shared.contracts.common import Gender, HouseholdStatus, Locality, Market, Sector
from shared.contracts.intake import (
    ConsentGiven,
    ConsentWithdrawn,
    SupportEligibility,
    WorkerCorrected,
    WorkerErased,
    WorkerJourneyStarted,
    WorkerMerged,
    WorkerRegistered,
    WorkerReopened,
    WorkerWithdrawn,
)

IntakeEvent = (
    WorkerRegistered
    | WorkerCorrected
    | WorkerWithdrawn
    | WorkerReopened
    | WorkerMerged
    | WorkerJourneyStarted
    | ConsentGiven
    | ConsentWithdrawn
    | WorkerErased
)
INTAKE_EVENTS = (
    WorkerRegistered,
    WorkerCorrected,
    WorkerWithdrawn,
    WorkerReopened,
    WorkerMerged,
    WorkerJourneyStarted,
    ConsentGiven,
    ConsentWithdrawn,
    WorkerErased,
)


class ForeignEventError(ValueError):
    """The event is about another worker than the view it was applied to."""


class Position(BaseModel):
    """Where an event stands in the worker's history at intake; later positions win."""

    model_config = ConfigDict(frozen=True)

    sequence: int
    time: datetime
    event_id: str

    def after(self, other: Position | None) -> bool:
        """Returns whether this position comes after ``other`` (anything comes after None)."""
        if other is None:
            return True
        return (self.sequence, self.time, self.event_id) > (
            other.sequence,
            other.time,
            other.event_id,
        )


class CandidateProfile(BaseModel):
    """What training needs of a worker's record; no phone, no family contact, no national ID."""

    model_config = ConfigDict(frozen=True)

    full_name: str
    date_of_birth: date
    gender: Gender
    ethnic_minority: bool
    household_status: HouseholdStatus
    locality: Locality
    desired_markets: tuple[Market, ...] = ()
    desired_sectors: tuple[Sector, ...] = ()
    support: SupportEligibility


class CandidateView(BaseModel):
    """A worker as training knows them: profile, and whether the case is withdrawn."""

    model_config = ConfigDict(frozen=True)

    worker_id: str
    profile: CandidateProfile | None = None
    profile_position: Position | None = None
    registered_at: datetime | None = None
    withdrawn: bool = False
    status_changed_at: datetime | None = None
    status_position: Position | None = None
    merged_into: str | None = None
    merge_position: Position | None = None
    journey: int = 1
    journey_started_at: datetime | None = None
    journey_facts: WorkerJourneyStarted | None = None
    journey_position: Position | None = None
    consent: ConsentStanding = ConsentStanding()
    erased: bool = False
    """The worker's personal data was erased: the profile keeps no name, only the birth year."""

    @property
    def registered(self) -> bool:
        """Returns whether intake's record is known (a registration or a correction was read)."""
        return self.profile is not None

    @property
    def active(self) -> bool:
        """Returns whether the worker may start something new: registered, not withdrawn, and
        not a duplicate record merged into another."""
        return self.registered and not self.withdrawn and self.merged_into is None

    @property
    def training_cost_support(self) -> bool:
        """Returns whether intake found the worker eligible for training-cost support."""
        return self.profile is not None and self.profile.support.training_cost_support


def project_candidate(
    view: CandidateView | None,
    event: IntakeEvent,
    *,
    event_id: str,
    sequence: int,
    time: datetime,
) -> CandidateView:
    """Returns the view with one intake event applied; order and repetition do not matter."""
    current = view or CandidateView(worker_id=event.worker_id)
    if current.worker_id != event.worker_id:
        raise ForeignEventError(f"event {event_id} is about another worker")
    position = Position(sequence=sequence, time=time, event_id=event_id)
    if isinstance(event, WorkerErased):
        return _deidentified(current.model_copy(update={"erased": True}))
    return _deidentified(_applied(current, event, position))


def _deidentified(view: CandidateView) -> CandidateView:
    """An erased worker's view: no name, the date of birth cut to its year."""
    if not view.erased or view.profile is None:
        return view
    born = view.profile.date_of_birth
    profile = view.profile.model_copy(
        update={"full_name": "", "date_of_birth": date(born.year, 1, 1)}
    )
    return view.model_copy(update={"profile": profile})


def _applied(current: CandidateView, event: IntakeEvent, position: Position) -> CandidateView:
    assert not isinstance(event, WorkerErased)
    if isinstance(event, WorkerRegistered | WorkerCorrected):
        return _with_profile(current, event, position)
    if isinstance(event, WorkerJourneyStarted):
        return _journey_started(current, event, position)
    if isinstance(event, ConsentGiven | ConsentWithdrawn):
        consent = fold_consent(current.consent, event, sequence=position.sequence)
        return current.model_copy(update={"consent": consent})
    if isinstance(event, WorkerMerged):
        if position.after(current.merge_position):
            return current.model_copy(
                update={"merged_into": event.survivor_id, "merge_position": position}
            )
        return current
    if position.after(current.status_position):
        return current.model_copy(
            update={
                "withdrawn": isinstance(event, WorkerWithdrawn),
                "status_changed_at": (
                    event.withdrawn_at if isinstance(event, WorkerWithdrawn) else event.reopened_at
                ),
                "status_position": position,
            }
        )
    return current


def _with_profile(
    view: CandidateView, event: WorkerRegistered | WorkerCorrected, position: Position
) -> CandidateView:
    update: dict[str, object] = {}
    if isinstance(event, WorkerRegistered) and (
        view.registered_at is None or event.registered_at < view.registered_at
    ):
        update["registered_at"] = event.registered_at
    if position.after(view.profile_position):
        update["profile"] = profile_of(event)
        update["profile_position"] = position
    return _with_journey_facts(view.model_copy(update=update)) if update else view


def _journey_started(
    view: CandidateView, event: WorkerJourneyStarted, position: Position
) -> CandidateView:
    """The later journey wins; the latest start's facts replace the profile's if newer."""
    update: dict[str, object] = {}
    if event.journey > view.journey:
        update.update(journey=event.journey, journey_started_at=event.started_at)
    if position.after(view.journey_position):
        update.update(journey_facts=event, journey_position=position)
    return _with_journey_facts(view.model_copy(update=update) if update else view)


def _with_journey_facts(view: CandidateView) -> CandidateView:
    """The profile with the latest journey start's facts, when they come after the profile."""
    facts, position = view.journey_facts, view.journey_position
    if facts is None or position is None or view.profile is None:
        return view
    if not position.after(view.profile_position):
        return view
    profile = view.profile.model_copy(
        update={
            "household_status": facts.household_status,
            "locality": facts.locality,
            "desired_markets": tuple(facts.desired_markets),
            "desired_sectors": tuple(facts.desired_sectors),
            "support": facts.support,
        }
    )
    return view.model_copy(update={"profile": profile, "profile_position": position})


def profile_of(event: WorkerRegistered | WorkerCorrected) -> CandidateProfile:
    """Returns the profile a registration or correction carries (both hold every field)."""
    return CandidateProfile(
        full_name=event.full_name,
        date_of_birth=event.date_of_birth,
        gender=event.gender,
        ethnic_minority=event.ethnic_minority,
        household_status=event.household_status,
        locality=event.locality,
        desired_markets=tuple(event.desired_markets),
        desired_sectors=tuple(event.desired_sectors),
        support=event.support,
    )
