"""A generated province's history: what really happened to each worker (the truth), the events
the four services would have published about it, and the figures counted from the truth alone.

The counting here never looks at events or at the reporting service's code: it is the
independent count the service's figures are checked against.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from services.reporting.domain.units import current_communes
from shared.contracts import aftercare as ac
from shared.contracts import deployment as dp
from shared.contracts import intake as it
from shared.contracts import training as tr
from shared.contracts.common import Gender, HouseholdStatus, Locality, Market, Sector
from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.envelope import EventEnvelope, new_event

PROVINCE = "14"
OTHER_PROVINCE = "51"
HOUSEHOLDS = ("poor", "near_poor", "newly_escaped_poverty", "other")
MARKETS = ("JP", "KR", "TW", "DE")
SECTORS = {"JP": "electronics", "KR": "mechanics", "TW": "electronics", "DE": "nursing"}
YEAR = 2025


@dataclass
class Departure:
    """One placement that reached (or nearly reached) departure."""

    placement_id: str
    market: str
    on: date
    cancelled_before: bool = False
    """Cancelled before departure: no worker.departed at all."""
    voided: bool = False
    """Departed, then cancelled (recorded in error): it must not count."""
    returned_on: date | None = None
    return_reason: str | None = None
    remittances: list[tuple[date, int]] = field(default_factory=list)

    @property
    def counts(self) -> bool:
        return not self.cancelled_before and not self.voided


@dataclass
class WorkerTruth:
    """What happened to one worker."""

    worker_id: str
    province: str
    commune: str
    first_commune: str
    former_commune: str
    gender: str
    ethnic_minority: bool
    household: str
    registered_on: date
    merged: bool = False
    survivor_id: str = ""
    consultations: list[date] = field(default_factory=list)
    trained: list[tuple[str, date]] = field(default_factory=list)
    departures: list[Departure] = field(default_factory=list)
    loans: list[tuple[str, int, date]] = field(default_factory=list)


def communes_of(province: str, how_many: int) -> list[str]:
    return sorted(current_communes(province))[:how_many]


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def generate(seed: int, workers: int = 90) -> list[WorkerTruth]:
    """Returns a province's workers (and a few of another province) drawn from ``seed``."""
    rng = random.Random(seed)
    own, other = communes_of(PROVINCE, 7), communes_of(OTHER_PROVINCE, 2)
    truths: list[WorkerTruth] = []
    for n in range(workers):
        province = OTHER_PROVINCE if n % 9 == 8 else PROVINCE
        commune = rng.choice(other if province == OTHER_PROVINCE else own)
        moved = rng.random() < 0.1 and province == PROVINCE
        first = rng.choice(own) if moved else commune
        registered = _day(rng, date(YEAR - 1, 11, 1), date(YEAR, 9, 30))
        truth = WorkerTruth(
            worker_id=str(uuid.UUID(int=rng.getrandbits(128))),
            province=province,
            commune=commune,
            first_commune=first,
            former_commune=f"9{commune[1:]}" if n % 2 else f"8{commune[1:]}",
            gender=rng.choice(("male", "female")),
            ethnic_minority=rng.random() < 0.6,
            household=rng.choice(HOUSEHOLDS),
            registered_on=registered,
            merged=rng.random() < 0.04,
        )
        # A duplicate merges into an earlier record of its province (the finder's reach).
        survivor = next(
            (t for t in reversed(truths) if t.province == province and not t.merged), None
        )
        truth.merged = truth.merged and survivor is not None
        truth.survivor_id = survivor.worker_id if survivor is not None else ""
        for _ in range(rng.randint(0, 2)):
            truth.consultations.append(_day(rng, registered, registered + timedelta(days=40)))
        if truth.merged or rng.random() < 0.3:
            truths.append(truth)
            continue
        market = rng.choice(MARKETS)
        trained_on = registered + timedelta(days=rng.randint(30, 120))
        truth.trained.append((market, trained_on))
        if rng.random() < 0.4:
            loan = str(uuid.UUID(int=rng.getrandbits(128)))
            truth.loans.append((loan, rng.choice((35, 90, 100, 120)) * 1_000_000, trained_on))
        if rng.random() < 0.2:
            continue
        departs = trained_on + timedelta(days=rng.randint(20, 90))
        departure = Departure(str(uuid.UUID(int=rng.getrandbits(128))), market, departs)
        roll = rng.random()
        if roll < 0.1:
            departure.cancelled_before = True
        elif roll < 0.17:
            departure.voided = True
        elif roll < 0.4:
            departure.returned_on = departs + timedelta(days=rng.randint(10, 200))
            departure.return_reason = rng.choice(
                ("early_termination", "repatriation", "contract_completed")
            )
        if departure.counts:
            for k in range(rng.randint(0, 3)):
                departure.remittances.append(
                    (departs + timedelta(days=40 + 30 * k), rng.randint(5, 40) * 1_000_000)
                )
        truth.departures.append(departure)
        truths.append(truth)
    return truths


# -- the events the services would publish ---------------------------------------------------


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), UTC)


@dataclass
class _Stamper:
    rng: random.Random
    sequences: Counter[tuple[str, str]] = field(default_factory=Counter)
    events: list[EventEnvelope] = field(default_factory=list)

    def add(self, payload: EventPayload, worker_id: str, source: str, at: datetime) -> None:
        self.sequences[(source, worker_id)] += 1
        self.events.append(
            new_event(
                payload,
                event_id=str(uuid.UUID(int=self.rng.getrandbits(128))),
                subject=worker_id,
                sequence=self.sequences[(source, worker_id)],
                source=source,
                time=at,
                correlation_id="history",
            )
        )


def _locality(truth: WorkerTruth, commune: str) -> Locality:
    return Locality(
        province_code=truth.province,
        commune_code=commune,
        former_province_code=truth.province,
        former_district_code="120",
        former_commune_code=truth.former_commune,
    )


def events_of(truths: list[WorkerTruth], seed: int) -> list[EventEnvelope]:
    """Returns every event of the history, in the order the services wrote them."""
    stamp = _Stamper(random.Random(seed + 1))
    for t in truths:
        person = {
            "full_name": "Lò Văn A",
            "date_of_birth": date(1998, 5, 1),
            "gender": Gender(t.gender),
            "ethnic_minority": t.ethnic_minority,
            "household_status": HouseholdStatus(t.household),
            "support": it.SupportEligibility(
                subproject2=True, training_cost_support=True, preferential_loan=True
            ),
        }
        registered = _at(t.registered_on)
        stamp.add(
            it.WorkerRegistered(
                worker_id=t.worker_id,
                locality=_locality(t, t.first_commune),
                registered_at=registered,
                **person,
            ),
            t.worker_id,
            "intake",
            registered,
        )
        if t.first_commune != t.commune:
            moved = registered + timedelta(days=3)
            stamp.add(
                it.WorkerCorrected(
                    worker_id=t.worker_id,
                    revision=2,
                    changed_fields=["locality"],
                    locality=_locality(t, t.commune),
                    corrected_by="cb-01",
                    corrected_at=moved,
                    **person,
                ),
                t.worker_id,
                "intake",
                moved,
            )
        if t.merged:
            merged = registered + timedelta(days=5)
            stamp.add(
                it.WorkerMerged(
                    worker_id=t.worker_id,
                    survivor_id=t.survivor_id,
                    review_id="r1",
                    merged_at=merged,
                ),
                t.worker_id,
                "intake",
                merged,
            )
        for k, held in enumerate(t.consultations):
            stamp.add(
                it.WorkerConsulted(
                    worker_id=t.worker_id,
                    consultation_id=f"{t.worker_id}-c{k}",
                    held_on=held,
                    channel=it.ConsultationChannel.COMMUNE_CONFERENCE,
                    outcome=it.ConsultationOutcome.WANTS_TO_GO,
                    recorded_at=_at(held, 16),
                ),
                t.worker_id,
                "intake",
                _at(held, 16),
            )
        for loan_id, amount, granted in t.loans:
            for payload_type, status, hour in (
                (it.LoanApproved, it.LoanStatus.APPROVED, 10),
                (it.LoanDisbursed, it.LoanStatus.DISBURSED, 11),
            ):
                moment = _at(granted + timedelta(days=hour - 10), hour)
                stamp.add(
                    payload_type(
                        worker_id=t.worker_id,
                        loan_id=loan_id,
                        amount_vnd=amount,
                        status=status,
                        changed_at=moment,
                    ),
                    t.worker_id,
                    "intake",
                    moment,
                )
        for market, trained in t.trained:
            stamp.add(
                tr.WorkerTrained(
                    worker_id=t.worker_id, market=Market(market), trained_at=_at(trained, 8)
                ),
                t.worker_id,
                "training",
                _at(trained, 8),
            )
        for d in t.departures:
            _departure_events(stamp, t, d)
        # An event no figure counts, to prove it is ignored.
        stamp.add(
            tr.WorkerEnrolled(
                worker_id=t.worker_id,
                enrolment_id=f"{t.worker_id}-e",
                course_id="c1",
                provider_id="p1",
                kind=tr.CourseKind.LANGUAGE,
                starts_on=t.registered_on,
                ends_on=t.registered_on + timedelta(days=30),
                training_cost_supported=False,
                supported_vnd=0,
                enrolled_at=registered,
            ),
            t.worker_id,
            "training",
            registered,
        )
    return stamp.events


def _departure_events(stamp: _Stamper, t: WorkerTruth, d: Departure) -> None:
    placement = {
        "worker_id": t.worker_id,
        "placement_id": d.placement_id,
        "job_order_id": "jo-1",
        "enterprise_id": "ent-1",
        "country": Market(d.market),
    }
    departed_at = datetime.combine(d.on, time(22, 40), UTC) - timedelta(hours=7)  # VN evening
    if d.cancelled_before:
        moment = departed_at - timedelta(days=5)
        stamp.add(
            dp.PlacementCancelled(
                **placement,
                from_state=dp.PlacementState.VISA_GRANTED,
                reason="worker withdrew",
                cancelled_at=moment,
            ),
            t.worker_id,
            "deployment",
            moment,
        )
        return
    stamp.add(
        dp.WorkerDeparted(
            worker_id=t.worker_id,
            placement_id=d.placement_id,
            country=Market(d.market),
            employer="Employer K.K.",
            sector=Sector(SECTORS[d.market]),
            enterprise_id="ent-1",
            job_order_id="jo-1",
            contract_start=d.on,
            contract_end=d.on + timedelta(days=3 * 365),
            monthly_salary=1000.0,
            salary_currency="USD",
            monthly_salary_vnd=25_000_000,
            departed_at=departed_at,
        ),
        t.worker_id,
        "deployment",
        departed_at,
    )
    if d.voided:
        moment = departed_at + timedelta(days=1)
        stamp.add(
            dp.PlacementCancelled(
                **placement,
                from_state=dp.PlacementState.DEPARTED,
                reason="departure recorded in error",
                cancelled_at=moment,
            ),
            t.worker_id,
            "deployment",
            moment,
        )
    for k, (sent, amount) in enumerate(d.remittances):
        stamp.add(
            ac.RemittanceReported(
                worker_id=t.worker_id,
                placement_id=d.placement_id,
                remittance_id=f"{d.placement_id}-r{k}",
                amount=amount / 25_000,
                currency="USD",
                amount_vnd=amount,
                sent_on=sent,
                reported_by="ttdvvl",
                reported_at=_at(sent + timedelta(days=2)),
            ),
            t.worker_id,
            "aftercare",
            _at(sent + timedelta(days=2)),
        )
    if d.returned_on is not None:
        assert d.return_reason is not None
        stamp.add(
            ac.WorkerReturned(
                worker_id=t.worker_id,
                returned_on=d.returned_on,
                reason=ac.ReturnReason(d.return_reason),
                recorded_at=_at(d.returned_on + timedelta(days=1)),
                placement_id=d.placement_id,
            ),
            t.worker_id,
            "aftercare",
            _at(d.returned_on + timedelta(days=1)),
        )


def topic_of(event: EventEnvelope) -> str:
    """Returns the topic the event's producer publishes it on."""
    return CATALOGUE.current(event.type).topic.value


COUNTED_TYPES = {
    "worker.registered", "worker.corrected", "worker.merged", "worker.consulted",
    "worker.trained", "worker.departed", "placement.cancelled", "worker.returned",
    "loan.approved", "loan.disbursed", "remittance.reported",
}  # fmt: skip


# -- the independent count --------------------------------------------------------------------


def expected_figures(
    truths: list[WorkerTruth],
    start: date,
    end: date,
    targets: dict[str, int] | None = None,
    province_target: int | None = None,
    target_start: date | None = None,
) -> Counter[str]:
    """Returns every figure id of the province's report for the period, counted from the truth."""

    def inside(day: date) -> bool:
        return start <= day <= end

    got: Counter[str] = Counter()
    mine = [t for t in truths if t.province == PROVINCE]
    for t in mine:
        if not t.merged and inside(t.registered_on):
            got["registrations"] += 1
            got[f"registrations.commune.{t.commune}"] += 1
        got["consultations"] += sum(inside(day) for day in t.consultations)
        for market, day in t.trained:
            if inside(day):
                got["trained"] += 1
                got[f"trained.market.{market}"] += 1
        for _loan, amount, day in t.loans:
            if inside(day):
                for name, value in (("loans_granted", 1), ("loans_granted_vnd", amount)):
                    got[name] += value
                    got[f"{name}.household.{t.household}"] += value
        journey = 0
        for d in sorted(t.departures, key=lambda d: d.on):
            if not d.counts:
                continue
            journey += 1  # a worker's n-th departure that stood is their n-th journey
            if inside(d.on):
                month = f"{d.on:%Y-%m}"
                got["departures"] += 1
                for breakdown, key in (
                    ("journey", str(journey)),
                    ("market", d.market),
                    ("sector", SECTORS[d.market]),
                    ("gender", t.gender),
                    ("household", t.household),
                    ("commune", t.commune),
                    ("month", month),
                    ("month_market", f"{month}/{d.market}"),
                ):
                    got[f"departures.{breakdown}.{key}"] += 1
                if t.ethnic_minority:
                    got["departures.ethnic_minority.yes"] += 1
            if d.on <= end and (d.returned_on is None or d.returned_on > end):
                got["abroad"] += 1
                got[f"abroad.commune.{t.commune}"] += 1
                got[f"abroad.market.{d.market}"] += 1
                got[f"abroad.commune_market.{t.commune}/{d.market}"] += 1
            if d.returned_on is not None and inside(d.returned_on):
                assert d.return_reason is not None
                kind = "completed" if d.return_reason == "contract_completed" else "early"
                got["returns"] += 1
                got[f"returns.kind.{kind}"] += 1
                got[f"returns.reason.{d.return_reason}"] += 1
            for day, amount in d.remittances:
                if inside(day):
                    got["remittances"] += 1
                    got["remittances_vnd"] += amount
    with_workers = {key.rsplit(".", 1)[1] for key in got if key.startswith("abroad.commune.")}
    empty = [c for c in current_communes(PROVINCE) if c not in with_workers]
    got["communes_without_worker_abroad"] = len(empty)
    if province_target is not None and target_start is not None:
        done: Counter[str] = Counter()
        for t in mine:
            for d in t.departures:
                if d.counts and target_start <= d.on <= end:
                    done[""] += 1
                    done[t.commune] += 1
        got["target"] = province_target
        got["departures_to_date"] = done[""]
        for commune, goal in (targets or {}).items():
            got[f"target.commune.{commune}"] = goal
            got[f"departures_to_date.commune.{commune}"] = done[commune]
    return got


def share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0
