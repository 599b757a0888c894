"""The candidates view: what deployment knows of a worker, folded from other services' events.

The fold converges whatever the arrival order, and applying an event twice changes nothing:
every fact keeps what set it (intake's per-worker sequence, or the time of the fact), and a
fact only replaces one set by something earlier.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from pydantic import BaseModel, ConfigDict

from services.deployment.domain.job_orders import certificate_kind
from services.deployment.domain.language import LanguageLevel, try_parse_level
from shared.consent import ConsentStanding, fold_consent
from shared.contracts.aftercare import (
    ContractExtended,
    WorkerContactResumed,
    WorkerDiedAbroad,
    WorkerReportedMissing,
    WorkerReturned,
)
from shared.contracts.common import (
    ConsentPurpose,
    Gender,
    HouseholdStatus,
    Locality,
    Market,
    Sector,
)
from shared.contracts.deployment import (
    PlacementContractEndChanged,
    WorkerDeparted,
    WorkerEmployerChanged,
)
from shared.contracts.intake import (
    ConsentGiven,
    ConsentWithdrawn,
    ImportedPlacement,
    WorkerCaseImported,
    WorkerCorrected,
    WorkerErased,
    WorkerJourneyStarted,
    WorkerMerged,
    WorkerRegistered,
    WorkerReopened,
    WorkerWithdrawn,
)
from shared.contracts.training import WorkerTrained
from shared.events.catalogue import EventPayload

CandidateEvent = (
    WorkerRegistered
    | WorkerCorrected
    | WorkerWithdrawn
    | WorkerReopened
    | WorkerMerged
    | WorkerJourneyStarted
    | WorkerTrained
    | WorkerDeparted
    | WorkerReturned
    | ContractExtended
    | WorkerReportedMissing
    | WorkerContactResumed
    | WorkerDiedAbroad
    | WorkerEmployerChanged
    | ConsentGiven
    | ConsentWithdrawn
    | WorkerCaseImported
    | WorkerErased
)
CANDIDATE_EVENTS = (
    WorkerRegistered,
    WorkerCorrected,
    WorkerWithdrawn,
    WorkerReopened,
    WorkerMerged,
    WorkerJourneyStarted,
    WorkerTrained,
    WorkerDeparted,
    WorkerReturned,
    ContractExtended,
    WorkerReportedMissing,
    WorkerContactResumed,
    WorkerDiedAbroad,
    WorkerEmployerChanged,
    ConsentGiven,
    ConsentWithdrawn,
    WorkerCaseImported,
    WorkerErased,
)
VIETNAM = timezone(timedelta(hours=7))


class NotACandidateEventError(ValueError):
    """The candidates view does not read this event type."""


class CandidateProfile(BaseModel):
    """The worker's record as intake last stated it (no national ID, phone or family contact)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    full_name: str
    date_of_birth: date
    gender: Gender
    ethnic_minority: bool
    household_status: HouseholdStatus
    locality: Locality
    desired_markets: list[Market] = []
    desired_sectors: list[Sector] = []


class HeldCertificate(BaseModel):
    """A certificate the worker earned in training."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    kind: str
    number: str
    course_id: str
    issued_on: date
    language_level: str | None = None


class MarketTraining(BaseModel):
    """The worker's training for one market, as training last reported it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    market: Market
    language_level: str | None = None
    certificates: list[HeldCertificate] = []
    trained_at: datetime


class AbroadContract(BaseModel):
    """A departed worker's contract: its terms at departure and the end aftercare last reported."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    placement_id: str
    job_order_id: str | None = None
    enterprise_id: str | None = None
    country: Market | None = None
    contract_start: date | None = None
    original_end: date | None = None
    departed_at: datetime | None = None
    reported_end: date | None = None
    reported_at: datetime | None = None

    @property
    def contract_end(self) -> date | None:
        """The end in force: the last one aftercare reported, else the one signed."""
        return self.reported_end or self.original_end

    @property
    def departed(self) -> bool:
        """Whether deployment's own departure event has arrived."""
        return self.departed_at is not None


class JourneyProfile(BaseModel):
    """What the latest journey start said of the worker, and its place in intake's order."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    sequence: int
    household_status: HouseholdStatus
    locality: Locality
    desired_markets: list[Market] = []
    desired_sectors: list[Sector] = []


class Candidate(BaseModel):
    """A worker as deployment's matching sees them."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    worker_id: str
    profile: CandidateProfile | None = None
    profile_sequence: int = 0
    registered_at: datetime | None = None
    ethnicity: str | None = None
    education: str | None = None
    withdrawn: bool = False
    status_sequence: int = 0
    training: dict[str, MarketTraining] = {}
    last_departed_at: datetime | None = None
    last_returned_on: date | None = None
    contracts: dict[str, AbroadContract] = {}
    merged_into: str | None = None
    merged_at: datetime | None = None
    merged_from: list[str] = []
    journey: int = 1
    journey_started_at: datetime | None = None
    journey_profile: JourneyProfile | None = None
    missing_since: datetime | None = None
    missing_reported_at: datetime | None = None
    contact_resumed_at: datetime | None = None
    died_on: date | None = None
    consent: ConsentStanding = ConsentStanding()
    imported_placement: ImportedPlacement | None = None
    """The placement a migrated case had when it came into Homeward (no job order here)."""

    @property
    def placement_consented(self) -> bool:
        """Whether the worker's consent still covers placement (matching, new placements)."""
        return self.consent.allows(ConsentPurpose.PLACEMENT)

    erased: bool = False
    """The worker's personal data was erased: no name, no ethnic group, the birth year only."""

    @property
    def missing(self) -> bool:
        """Whether the worker is reported missing abroad and nobody has reached them since."""
        if self.missing_reported_at is None or self.died_on is not None:
            return False
        return self.contact_resumed_at is None or self.contact_resumed_at < self.missing_reported_at

    @property
    def abroad(self) -> bool:
        """Whether the worker left on a placement and has not come back (nor died) since."""
        if self.last_departed_at is None or self.died_on is not None:
            return False
        return self.last_returned_on is None or (
            self.last_returned_on < self.last_departed_at.date()
        )

    @property
    def awaiting_journey(self) -> bool:
        """Whether the worker came home from a journey and intake has not started the next."""
        if self.last_departed_at is None or self.abroad or self.died_on is not None:
            return False  # a worker who died abroad has no next journey
        assert self.last_returned_on is not None
        started = self.journey_started_at
        return started is None or started.date() < self.last_returned_on

    def age_on(self, today: date) -> int | None:
        """Returns the worker's age in whole years on a day, or None if not registered yet."""
        if self.profile is None:
            return None
        born = self.profile.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def levels_for(self, market: Market) -> list[LanguageLevel]:
        """Returns the language levels the worker reached in training for a market."""
        training = self.training.get(market.value)
        if training is None:
            return []
        texts = [training.language_level, *(c.language_level for c in training.certificates)]
        return [level for level in map(try_parse_level, texts) if level is not None]

    def certificate_kinds(self) -> set[str]:
        """Returns the kinds of every certificate the worker holds, in any market's training."""
        return {certificate_kind(c.kind) for t in self.training.values() for c in t.certificates}


def apply_candidate_event(
    candidate: Candidate | None, worker_id: str, payload: EventPayload, sequence: int
) -> Candidate:
    """Returns the candidate with one event folded in; ``sequence`` is the envelope's."""
    current = candidate or Candidate(worker_id=worker_id)
    if isinstance(payload, WorkerErased):
        current = current.model_copy(update={"erased": True})
    return _deidentified(_applied(current, payload, sequence))


def _deidentified(candidate: Candidate) -> Candidate:
    """An erased worker's candidate: no name, no ethnic group, the birth date cut to its year."""
    if not candidate.erased:
        return candidate
    update: dict[str, object] = {"ethnicity": None}
    if candidate.profile is not None:
        born = candidate.profile.date_of_birth
        update["profile"] = candidate.profile.model_copy(
            update={"full_name": "", "date_of_birth": date(born.year, 1, 1)}
        )
    return candidate.model_copy(update=update)


def _applied(current: Candidate, payload: EventPayload, sequence: int) -> Candidate:
    if isinstance(payload, WorkerErased):
        return current
    if isinstance(payload, WorkerRegistered):
        return _registered(current, payload, sequence)
    if isinstance(payload, WorkerCorrected):
        return _profile(current, _profile_of(payload), sequence)
    if isinstance(payload, WorkerWithdrawn | WorkerReopened):
        if sequence <= current.status_sequence:
            return current
        return current.model_copy(
            update={
                "withdrawn": isinstance(payload, WorkerWithdrawn),
                "status_sequence": sequence,
            }
        )
    if isinstance(payload, WorkerMerged):
        return _merged(current, payload)
    if isinstance(payload, ConsentGiven | ConsentWithdrawn):
        consent = fold_consent(current.consent, payload, sequence=sequence)
        return current.model_copy(update={"consent": consent})
    if isinstance(payload, WorkerJourneyStarted):
        return _journey_started(current, payload, sequence)
    if isinstance(payload, WorkerTrained):
        return _trained(current, payload)
    if isinstance(payload, WorkerDeparted):
        return _departed(current, payload)
    if isinstance(payload, ContractExtended):
        return _reported_end(current, payload.placement_id, payload.new_end, payload.extended_at)
    if isinstance(payload, WorkerEmployerChanged):
        return _reported_end(
            current, payload.placement_id, payload.contract_end, payload.recorded_at
        )
    if isinstance(payload, WorkerReportedMissing):
        known = current.missing_reported_at
        if known is not None and known >= payload.reported_at:
            return current
        return current.model_copy(
            update={
                "missing_reported_at": payload.reported_at,
                "missing_since": payload.last_contact_at,
            }
        )
    if isinstance(payload, WorkerContactResumed):
        if (
            current.contact_resumed_at is not None
            and current.contact_resumed_at >= payload.recorded_at
        ):
            return current
        return current.model_copy(update={"contact_resumed_at": payload.recorded_at})
    if isinstance(payload, WorkerDiedAbroad):
        if current.died_on is not None and current.died_on <= payload.died_on:
            return current
        return current.model_copy(update={"died_on": payload.died_on})
    if isinstance(payload, WorkerCaseImported):
        return _imported(current, payload)
    if isinstance(payload, WorkerReturned):
        if current.last_returned_on is not None and current.last_returned_on >= payload.returned_on:
            return current
        return current.model_copy(update={"last_returned_on": payload.returned_on})
    raise NotACandidateEventError(f"the candidates view does not read {payload.event_type}")


def _registered(candidate: Candidate, payload: WorkerRegistered, sequence: int) -> Candidate:
    # Facts only registration carries: a worker registers once, but should a second
    # registration ever arrive, the later one wins in every arrival order.
    facts = (payload.registered_at, payload.ethnicity or "", payload.education or "")
    known = candidate.registered_at
    if known is None or facts > (known, candidate.ethnicity or "", candidate.education or ""):
        candidate = candidate.model_copy(
            update={
                "registered_at": payload.registered_at,
                "ethnicity": payload.ethnicity,
                "education": payload.education,
            }
        )
    return _profile(candidate, _profile_of(payload), sequence)


def _profile(candidate: Candidate, profile: CandidateProfile, sequence: int) -> Candidate:
    if candidate.profile is not None and sequence <= candidate.profile_sequence:
        return candidate
    changed = candidate.model_copy(update={"profile": profile, "profile_sequence": sequence})
    return _with_journey_profile(changed)


def _profile_of(payload: WorkerRegistered | WorkerCorrected) -> CandidateProfile:
    return CandidateProfile(
        full_name=payload.full_name,
        date_of_birth=payload.date_of_birth,
        gender=payload.gender,
        ethnic_minority=payload.ethnic_minority,
        household_status=payload.household_status,
        locality=payload.locality,
        desired_markets=payload.desired_markets,
        desired_sectors=payload.desired_sectors,
    )


def _journey_started(
    candidate: Candidate, payload: WorkerJourneyStarted, sequence: int
) -> Candidate:
    # The latest journey wins; training reported before it started was for an earlier journey
    # (training announces again what still counts), whatever the order the two arrive in.
    if payload.journey > candidate.journey:
        candidate = candidate.model_copy(
            update={
                "journey": payload.journey,
                "journey_started_at": payload.started_at,
                "training": {
                    market: training
                    for market, training in candidate.training.items()
                    if training.trained_at >= payload.started_at
                },
            }
        )
    known = candidate.journey_profile
    if known is None or sequence > known.sequence:
        facts = JourneyProfile(
            sequence=sequence,
            household_status=payload.household_status,
            locality=payload.locality,
            desired_markets=payload.desired_markets,
            desired_sectors=payload.desired_sectors,
        )
        candidate = candidate.model_copy(update={"journey_profile": facts})
    return _with_journey_profile(candidate)


def _with_journey_profile(candidate: Candidate) -> Candidate:
    """The profile with the latest journey start's facts, when it is newer than the profile."""
    facts, profile = candidate.journey_profile, candidate.profile
    if facts is None or profile is None or facts.sequence <= candidate.profile_sequence:
        return candidate
    changed = profile.model_copy(update=facts.model_dump(exclude={"sequence"}))
    return candidate.model_copy(update={"profile": changed, "profile_sequence": facts.sequence})


def _trained(candidate: Candidate, payload: WorkerTrained) -> Candidate:
    started = candidate.journey_started_at
    if started is not None and payload.trained_at < started:
        return candidate  # an earlier journey's readiness
    training = MarketTraining(
        market=payload.market,
        language_level=payload.language_level,
        certificates=[
            HeldCertificate(
                kind=c.kind,
                number=c.number,
                course_id=c.course_id,
                issued_on=c.issued_on,
                language_level=c.language_level,
            )
            for c in payload.certificates
        ],
        trained_at=payload.trained_at,
    )
    known = candidate.training.get(payload.market.value)
    # Newest report wins; two reports at the same instant are ordered by content, so every
    # arrival order keeps the same one.
    if known is not None and _training_key(known) >= _training_key(training):
        return candidate
    return candidate.model_copy(
        update={"training": {**candidate.training, payload.market.value: training}}
    )


def _merged(candidate: Candidate, payload: WorkerMerged) -> Candidate:
    # The later merge wins (by time, then survivor id), whatever the order they arrive in.
    known = (candidate.merged_at, candidate.merged_into or "")
    if candidate.merged_at is not None and known >= (payload.merged_at, payload.survivor_id):
        return candidate
    return candidate.model_copy(
        update={"merged_into": payload.survivor_id, "merged_at": payload.merged_at}
    )


def _imported(candidate: Candidate, payload: WorkerCaseImported) -> Candidate:
    """A migrated placement: its departure and return on their true days, as if deployment
    and aftercare had recorded them (a fact only ever moves later, as for theirs)."""
    placement = payload.placement
    if placement is None:
        return candidate
    candidate = candidate.model_copy(update={"imported_placement": placement})
    if placement.departed_on is not None:
        departed_at = datetime.combine(placement.departed_on, time(12), VIETNAM)
        last = candidate.last_departed_at
        if last is None or departed_at > last:
            candidate = candidate.model_copy(update={"last_departed_at": departed_at})
        contract = _contract(candidate, placement.placement_id).model_copy(
            update={
                "enterprise_id": placement.enterprise_id,
                "country": placement.country,
                "contract_start": placement.contract_start,
                "original_end": placement.contract_end,
                "departed_at": departed_at,
            }
        )
        candidate = _with_contract(candidate, contract)
    returned = placement.returned_on
    known = candidate.last_returned_on
    if returned is not None and (known is None or returned > known):
        candidate = candidate.model_copy(update={"last_returned_on": returned})
    return candidate


def _departed(candidate: Candidate, payload: WorkerDeparted) -> Candidate:
    last = candidate.last_departed_at
    if last is None or payload.departed_at > last:
        candidate = candidate.model_copy(update={"last_departed_at": payload.departed_at})
    known = _contract(candidate, payload.placement_id)
    if known.departed_at is not None and known.departed_at >= payload.departed_at:
        return candidate
    contract = known.model_copy(
        update={
            "job_order_id": payload.job_order_id,
            "enterprise_id": payload.enterprise_id,
            "country": payload.country,
            "contract_start": payload.contract_start,
            "original_end": payload.contract_end,
            "departed_at": payload.departed_at,
        }
    )
    return _with_contract(candidate, contract)


def _reported_end(
    candidate: Candidate, placement_id: str, end: date, reported_at: datetime
) -> Candidate:
    """The contract's end as last reported (an extension, or a new employer's contract)."""
    known = _contract(candidate, placement_id)
    last = (known.reported_at, known.reported_end)
    if last[0] is not None and last[1] is not None and (last[0], last[1]) >= (reported_at, end):
        return candidate  # an older report, or this one again
    contract = known.model_copy(update={"reported_end": end, "reported_at": reported_at})
    return _with_contract(candidate, contract)


def _contract(candidate: Candidate, placement_id: str) -> AbroadContract:
    if "." in placement_id or placement_id.startswith("$"):
        raise NotACandidateEventError("placement id may not hold '.' or start with '$'")
    return candidate.contracts.get(placement_id) or AbroadContract(placement_id=placement_id)


def _with_contract(candidate: Candidate, contract: AbroadContract) -> Candidate:
    contracts = {**candidate.contracts, contract.placement_id: contract}
    return candidate.model_copy(update={"contracts": contracts})


def contract_end_change(
    before: Candidate | None, after: Candidate, placement_id: str
) -> PlacementContractEndChanged | None:
    """Returns the event saying a departed worker's contract end moved, if this fold moved it.

    Said once the departure is known: an extension that arrives first is announced when the
    departure arrives (from the signed end to the reported one).
    """
    now = after.contracts.get(placement_id)
    if now is None or not now.departed or now.contract_end is None:
        return None
    then = before.contracts.get(placement_id) if before else None
    previous = then.contract_end if then is not None and then.departed else now.original_end
    if previous is None or previous == now.contract_end or now.reported_at is None:
        return None
    if now.job_order_id is None or now.enterprise_id is None or now.country is None:
        return None
    return PlacementContractEndChanged(
        worker_id=after.worker_id,
        placement_id=placement_id,
        job_order_id=now.job_order_id,
        enterprise_id=now.enterprise_id,
        country=now.country,
        previous_end=previous,
        contract_end=now.contract_end,
        reported_at=now.reported_at,
    )


def _training_key(training: MarketTraining) -> tuple[datetime, str]:
    return training.trained_at, training.model_dump_json()
