"""A synthetic history: every worker's journey as the events the four services publish.

``generate(seed, scope)`` yields ``EventEnvelope``s (``shared.events.envelope.new_event``),
deterministic for a seed: the same seed and scope give the same events, ids and times. Each
worker's events come in their own order (per source, ``sequence`` counts from 1, as each
service numbers its aggregate's events). By default the workers' journeys are merged by time,
as the topics would hold them after years of operation; ``order="worker"`` yields worker after
worker (faster, and what a test wanting whole journeys needs).

A journey: registration (consultation, loan, correction, withdrawal on the way), a language
course with assessments and a certificate, readiness for the market, a placement from
shortlist to departure on a job order of a licensed enterprise, check-ins, remittances,
incidents and contract extensions abroad, the return, reintegration and the case closing.
Events after the history's end are not emitted, so the last years' workers are still in
training or abroad.
"""

from __future__ import annotations

import heapq
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

import shared.contracts  # noqa: F401 - registers every payload in the catalogue
from shared.contracts import aftercare as ac
from shared.contracts import deployment as dp
from shared.contracts import intake as it
from shared.contracts import training as tr
from shared.contracts.common import Market, Sector
from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.envelope import EventEnvelope, new_event
from tools.generator.population import (
    MARKET_SHARES,
    MARKET_TERMS,
    SECTORS,
    Person,
    person,
    province_for,
    seeded,
    weighted,
)

DEFAULT_START = datetime(2016, 1, 1, tzinfo=UTC)
DEFAULT_YEARS = 10
OFFICERS = ("officer-01", "officer-02", "officer-03", "officer-04")
ENTERPRISE_WORDS = (
    "Nhân lực Quốc tế Hưng Phát",
    "Thương mại và Nhân lực Sao Việt",
    "Hợp tác Lao động Toàn Cầu",
    "Cung ứng Nhân lực Đông Á",
    "Phát triển Nguồn nhân lực Thành Nam",
    "Nhân lực Tín Phát",
    "Xuất khẩu Lao động Hoàng Long",
    "Đầu tư và Nhân lực Bắc Trung Bộ",
    "Nhân lực Miền Trung",
    "Dịch vụ Việc làm Hải Đăng",
    "Nhân lực Kỹ thuật Việt Nhật",
    "Cung ứng Lao động Đài Việt",
)
EMPLOYERS = {
    Market.JAPAN: ("Kobayashi Foods", "Sanwa Kensetsu", "Aichi Seiki", "Hokkaido Nōen"),
    Market.TAIWAN: ("Hsinchu Electronics", "Taichung Textiles", "Kaohsiung Steel Works"),
    Market.KOREA: ("Gyeonggi Farm Co-op", "Busan Machinery", "Daegu Construction"),
}
Order = Literal["time", "worker"]


@dataclass(frozen=True)
class Scope:
    """How much history: one commune, one province, or the country; and how many workers."""

    kind: Literal["commune", "province", "country"]
    workers: int
    province_code: str | None = None
    commune_code: str | None = None
    start: datetime = DEFAULT_START
    years: int = DEFAULT_YEARS

    @classmethod
    def commune(cls, province_code: str, commune_code: str, workers: int, **kw: object) -> Scope:
        """Workers of one current commune of a current province."""
        return cls("commune", workers, province_code, commune_code, **kw)  # type: ignore[arg-type]

    @classmethod
    def province(cls, province_code: str, workers: int, **kw: object) -> Scope:
        """Workers of one current province (``"40"``: Nghe An)."""
        return cls("province", workers, province_code, **kw)  # type: ignore[arg-type]

    @classmethod
    def country(cls, workers: int, **kw: object) -> Scope:
        """Workers of every province, weighted by the workers each sends."""
        return cls("country", workers, **kw)  # type: ignore[arg-type]

    @property
    def end(self) -> datetime:
        """The history's "now": nothing later is emitted."""
        return self.start + timedelta(days=365 * self.years)


@dataclass(frozen=True)
class Enterprise:
    """A licensed labour-supply enterprise."""

    enterprise_id: str
    name: str


@dataclass(frozen=True)
class JobOrder:
    """An employer's order for one market and sector, posted one quarter."""

    job_order_id: str
    enterprise: Enterprise
    market: Market
    sector: Sector
    employer: str
    posted_at: datetime


@dataclass
class _Journey:
    """Collects one worker's events; ``events()`` puts them in time order and numbers them."""

    rng: random.Random
    worker_id: str
    end: datetime
    correlation_id: str
    pending: list[tuple[datetime, int, str, EventPayload, str, str]] = field(default_factory=list)

    def emit(self, source: str, time: datetime, payload: EventPayload, key: str = "") -> None:
        if time > self.end:
            return
        event_id = self.new_id()
        self.pending.append((time, len(self.pending), source, payload, key, event_id))

    def events(self) -> list[EventEnvelope]:
        """The events in time order, ``sequence`` counting from 1 per source."""
        sequences: dict[str, int] = {}
        events = []
        for time, _, source, payload, key, event_id in sorted(self.pending, key=lambda p: p[:2]):
            sequences[source] = sequences.get(source, 0) + 1
            events.append(
                new_event(
                    payload,
                    event_id=event_id,
                    subject=key or self.worker_id,
                    sequence=sequences[source],
                    source=source,
                    time=time,
                    correlation_id=self.correlation_id,
                )
            )
        return events

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


def _days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return date(year, month % 12 + 1, min(day.day, 28))


class World:
    """The fixed cast of a history: enterprises and the job orders they post, period by period."""

    def __init__(self, seed: int, scope: Scope) -> None:
        rng = seeded(f"{seed}:world:{scope.kind}:{scope.province_code}")
        count = max(3, min(len(ENTERPRISE_WORDS), scope.workers // 400 + 3))
        self.seed = seed
        self.scope = scope
        self.enterprises = [
            Enterprise(
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                f"Công ty Cổ phần {ENTERPRISE_WORDS[i]}",
            )
            for i in range(count)
        ]
        self.orders: dict[tuple[int, Market, Sector], JobOrder] = {}
        # Small histories get few, long-lived orders; large ones a new order every quarter.
        self.periods = max(1, min(scope.years * 4 + 1, scope.workers // 200))
        self.period_days = (scope.end - scope.start).days / self.periods
        for period in range(self.periods):
            posted = scope.start + timedelta(days=self.period_days * period - 60)
            for market, sectors in SECTORS.items():
                for sector, _ in sectors:
                    employer = rng.choice(EMPLOYERS.get(market, (f"{market.value} Employer",)))
                    self.orders[(period, market, sector)] = JobOrder(
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        rng.choice(self.enterprises),
                        market,
                        sector,
                        employer,
                        posted + _days(rng, 0, 20),
                    )

    def order_for(self, when: datetime, market: Market, sector: Sector) -> JobOrder:
        period = int((when - self.scope.start).days // self.period_days)
        return self.orders[(max(0, min(period, self.periods - 1)), market, sector)]

    def opening_events(self) -> list[EventEnvelope]:
        """Licences granted and job orders posted: keyed by enterprise / job order id."""
        rng = seeded(f"{self.seed}:opening")
        events: list[EventEnvelope] = []
        granted = self.scope.start - timedelta(days=90)
        for enterprise in self.enterprises:
            payload = dp.EnterpriseLicenceChanged(
                enterprise_id=enterprise.enterprise_id,
                name=enterprise.name,
                kind=dp.SenderKind.LABOUR_SUPPLY_ENTERPRISE,
                change=dp.LicenceChange.GRANTED,
                licence_number=f"{rng.randrange(100, 999)}/LĐTBXH-GP",
                issuing_authority="Bộ Lao động - Thương binh và Xã hội",
                valid_from=granted.date(),
                valid_until=(self.scope.end + timedelta(days=365)).date(),
                status=dp.LicenceStatus.ACTIVE,
                changed_at=granted,
            )
            events.append(_standalone(rng, payload, enterprise.enterprise_id, granted))
        for order in self.orders.values():
            if order.posted_at > self.scope.end:
                continue
            terms = MARKET_TERMS[order.market]
            payload_order = dp.JobOrderPosted(
                job_order_id=order.job_order_id,
                enterprise_id=order.enterprise.enterprise_id,
                country=order.market,
                employer=order.employer,
                sector=order.sector,
                positions=rng.randrange(20, 200),
                salary=dp.SalaryTerms(
                    monthly_salary=terms.monthly_salary,
                    salary_currency=terms.currency,
                    monthly_salary_vnd=round(terms.monthly_salary * terms.vnd_per_unit),
                ),
                contract_term_months=terms.contract_months,
                requirements=dp.JobRequirements(min_age=18, max_age=40),
                deadline=(order.posted_at + timedelta(days=120)).date(),
                posted_at=order.posted_at,
            )
            events.append(_standalone(rng, payload_order, order.job_order_id, order.posted_at))
        return sorted(events, key=lambda e: e.time)


def _standalone(
    rng: random.Random, payload: EventPayload, key: str, time: datetime
) -> EventEnvelope:
    return new_event(
        payload,
        event_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        subject=key,
        sequence=1,
        source="deployment",
        time=time,
        correlation_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    )


def registration_time(seed: int, scope: Scope, index: int) -> datetime:
    """When worker ``index`` registers: spread evenly over the history, in index order."""
    span = (scope.end - scope.start).total_seconds()
    jitter = seeded(f"{seed}:reg:{index}").random()
    return scope.start + timedelta(seconds=span * (index + jitter) / max(1, scope.workers))


def worker_journey(seed: int, scope: Scope, world: World, index: int) -> list[EventEnvelope]:
    """Returns every event of worker ``index``, in time order."""
    rng = seeded(f"{seed}:worker:{index}")
    province = scope.province_code or province_for(rng)
    who = person(rng, province, scope.commune_code)
    worker_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    journey = _Journey(rng, worker_id, scope.end, str(uuid.UUID(int=rng.getrandbits(128))))
    t = registration_time(seed, scope, index)
    market = weighted(rng, MARKET_SHARES)
    sector = weighted(rng, SECTORS[market])
    if not _intake(journey, who, t, market, sector):
        return journey.events()
    t += _days(rng, 10, 45)
    trained_at = _training(journey, who, t, market, sector)
    if trained_at is None:
        return journey.events()
    departed = _placement(journey, world, trained_at + _days(rng, 5, 40), market, sector)
    if departed is None:
        return journey.events()
    _abroad(journey, who, departed, market)
    return journey.events()


def _intake(j: _Journey, who: Person, t: datetime, market: Market, sector: Sector) -> bool:
    """Registration and what follows at intake; False if the worker withdraws for good."""
    rng = j.rng
    born = date(t.year - rng.randint(18, 38), rng.randint(1, 12), rng.randint(1, 28))
    markets = [market] + ([Market.KOREA] if market != Market.KOREA and rng.random() < 0.2 else [])
    j.emit(
        "intake",
        t,
        it.WorkerRegistered(
            worker_id=j.worker_id,
            full_name=who.full_name,
            date_of_birth=born,
            gender=who.gender,
            ethnicity=who.ethnicity,
            ethnic_minority=who.ethnic_minority,
            household_status=who.household_status,
            locality=who.locality,
            education=who.education,
            desired_markets=markets,
            desired_sectors=[sector],
            support=who.support,
            phone=who.phone,
            family_contact=it.FamilyContact(
                name=who.family_name, relationship=who.relationship, phone=who.family_phone
            ),
            registered_at=t,
        ),
    )
    if rng.random() < 0.6:
        held = t + _days(rng, 0.5, 10)
        j.emit(
            "intake",
            held,
            it.WorkerConsulted(
                worker_id=j.worker_id,
                consultation_id=j.new_id(),
                held_on=held.date(),
                channel=rng.choice(list(it.ConsultationChannel)),
                markets_discussed=markets,
                outcome=it.ConsultationOutcome.WANTS_TO_GO,
                recorded_at=held + timedelta(hours=2),
            ),
        )
    if rng.random() < 0.03:
        fixed = t + _days(rng, 1, 20)
        j.emit(
            "intake",
            fixed,
            it.WorkerCorrected(
                worker_id=j.worker_id,
                revision=2,
                changed_fields=["date_of_birth"],
                full_name=who.full_name,
                date_of_birth=born + timedelta(days=1),
                gender=who.gender,
                ethnic_minority=who.ethnic_minority,
                household_status=who.household_status,
                locality=who.locality,
                desired_markets=markets,
                desired_sectors=[sector],
                support=who.support,
                corrected_by=rng.choice(OFFICERS),
                corrected_at=fixed,
                ethnicity=who.ethnicity,
                education=who.education,
            ),
        )
    if who.support.preferential_loan and rng.random() < 0.6:
        _loan(j, t + _days(rng, 5, 20))
    if rng.random() < 0.06:
        gone = t + _days(rng, 20, 90)
        j.emit(
            "intake",
            gone,
            it.WorkerWithdrawn(worker_id=j.worker_id, reason="family", withdrawn_at=gone),
        )
        if rng.random() < 0.6:
            return False
        back = gone + _days(rng, 30, 200)
        j.emit("intake", back, it.WorkerReopened(worker_id=j.worker_id, reopened_at=back))
    return True


def _loan(j: _Journey, t: datetime) -> None:
    rng = j.rng
    loan_id = j.new_id()
    amount = rng.randrange(50, 150) * 1_000_000
    common = {"worker_id": j.worker_id, "loan_id": loan_id, "amount_vnd": amount}
    j.emit(
        "intake",
        t,
        it.LoanRequested(
            **common,
            status=it.LoanStatus.REQUESTED,
            changed_at=t,
            cost_of_going_vnd=amount + rng.randrange(0, 40) * 1_000_000,
            collateral_recorded=rng.random() < 0.3,
        ),
    )
    t += _days(rng, 5, 20)
    if rng.random() < 0.1:
        j.emit(
            "intake",
            t,
            it.LoanRejected(
                **common, status=it.LoanStatus.REJECTED, changed_at=t, reason="incomplete file"
            ),
        )
        return
    j.emit("intake", t, it.LoanApproved(**common, status=it.LoanStatus.APPROVED, changed_at=t))
    t += _days(rng, 3, 15)
    j.emit("intake", t, it.LoanDisbursed(**common, status=it.LoanStatus.DISBURSED, changed_at=t))
    t += _days(rng, 200, 300)
    j.emit(
        "intake", t, it.LoanRepaymentStarted(**common, status=it.LoanStatus.REPAYING, changed_at=t)
    )
    t += _days(rng, 500, 900)
    j.emit("intake", t, it.LoanRepaid(**common, status=it.LoanStatus.REPAID, changed_at=t))


def _training(
    j: _Journey, who: Person, t: datetime, market: Market, sector: Sector
) -> datetime | None:
    """A language course; returns when the worker became ready, or None (dropped or failed)."""
    rng = j.rng
    terms = MARKET_TERMS[market]
    enrolment_id = j.new_id()
    course_id = (
        f"course-{market.value}-{t.year}-{(t.month - 1) // 3 + 1}-{who.locality.province_code}"
    )
    provider_id = f"provider-{who.locality.province_code}-{rng.randrange(1, 4)}"
    starts = t + _days(rng, 3, 20)
    ends = starts + _days(rng, 90, 180)
    supported = who.support.training_cost_support
    j.emit(
        "training",
        t,
        tr.WorkerEnrolled(
            worker_id=j.worker_id,
            enrolment_id=enrolment_id,
            course_id=course_id,
            provider_id=provider_id,
            kind=tr.CourseKind.LANGUAGE,
            language=terms.language,
            target_level=terms.language_level,
            market=market,
            sector=sector,
            starts_on=starts.date(),
            ends_on=ends.date(),
            training_cost_supported=supported,
            supported_vnd=rng.randrange(5, 15) * 1_000_000 if supported else 0,
            enrolled_at=t,
        ),
    )
    middle = starts + (ends - starts) / 2
    j.emit(
        "training",
        middle,
        _assessment(j, tr.AssessmentKind.PROGRESS, enrolment_id, course_id, market, middle, 0.9),
    )
    if rng.random() < 0.08:
        out = middle + _days(rng, 1, 20)
        j.emit(
            "training",
            out,
            tr.WorkerDroppedOut(
                worker_id=j.worker_id,
                enrolment_id=enrolment_id,
                course_id=course_id,
                reason=rng.choice(list(tr.DropOutReason)),
                dropped_out_at=out,
            ),
        )
        return None
    final = _assessment(j, tr.AssessmentKind.FINAL, enrolment_id, course_id, market, ends, 0.92)
    j.emit("training", ends, final)
    assert isinstance(final, tr.WorkerAssessed)
    if not final.passed:
        return None
    issued = ends + _days(rng, 2, 10)
    certificate = tr.Certificate(
        number=f"CC-{issued.year}-{rng.randrange(100000, 999999)}",
        course_id=course_id,
        kind="language",
        issued_on=issued.date(),
        language_level=terms.language_level,
        language=terms.language,
        provider_id=provider_id,
    )
    j.emit(
        "training",
        issued,
        tr.WorkerCertified(
            worker_id=j.worker_id,
            enrolment_id=enrolment_id,
            certificate=certificate,
            recorded_at=issued,
        ),
    )
    j.emit(
        "training",
        issued,
        tr.WorkerTrained(
            worker_id=j.worker_id,
            market=market,
            language_level=terms.language_level,
            certificates=[certificate],
            trained_at=issued,
            language=terms.language,
            requirements=["language", "orientation"],
        ),
    )
    return issued


def _assessment(
    j: _Journey,
    kind: tr.AssessmentKind,
    enrolment_id: str,
    course_id: str,
    market: Market,
    when: datetime,
    pass_rate: float,
) -> EventPayload:
    passed = j.rng.random() < pass_rate
    score = round(j.rng.uniform(60, 100) if passed else j.rng.uniform(20, 59), 1)
    return tr.WorkerAssessed(
        worker_id=j.worker_id,
        assessment_id=j.new_id(),
        kind=kind,
        enrolment_id=enrolment_id,
        course_id=course_id,
        market=market,
        assessor="provider",
        score=score,
        max_score=100,
        pass_mark=60,
        passed=passed,
        assessed_on=when.date(),
        recorded_at=when,
    )


def _placement(
    j: _Journey, world: World, t: datetime, market: Market, sector: Sector
) -> tuple[datetime, dp.WorkerDeparted] | None:
    """From shortlist to departure; returns the departure, or None if cancelled."""
    rng = j.rng
    order = world.order_for(t, market, sector)
    placement_id = j.new_id()
    terms = MARKET_TERMS[market]

    def common() -> dict[str, str]:
        return {
            "worker_id": j.worker_id,
            "placement_id": placement_id,
            "job_order_id": order.job_order_id,
            "enterprise_id": order.enterprise.enterprise_id,
            "country": market.value,
        }

    j.emit(
        "deployment", t, dp.PlacementShortlisted.model_validate({**common(), "shortlisted_at": t})
    )
    t += _days(rng, 5, 20)
    if rng.random() < 0.1:
        j.emit(
            "deployment",
            t,
            dp.PlacementCancelled.model_validate(
                {
                    **common(),
                    "from_state": dp.PlacementState.SHORTLISTED,
                    "reason": "not selected",
                    "cancelled_at": t,
                }
            ),
        )
        return None
    j.emit("deployment", t, dp.PlacementSelected.model_validate({**common(), "selected_at": t}))
    t += _days(rng, 5, 15)
    start = (t + _days(rng, 45, 90)).date()
    contract_end = _add_months(start, terms.contract_months)
    j.emit(
        "deployment",
        t,
        dp.PlacementContractSigned.model_validate(
            {
                **common(),
                "signed_on": t.date(),
                "contract_start": start,
                "contract_end": contract_end,
                "recorded_at": t,
            }
        ),
    )
    t += _days(rng, 3, 10)
    j.emit(
        "deployment",
        t,
        dp.PlacementVisaApplied.model_validate(
            {**common(), "applied_on": t.date(), "recorded_at": t}
        ),
    )
    t += _days(rng, 15, 40)
    if rng.random() < 0.03:
        j.emit(
            "deployment",
            t,
            dp.PlacementCancelled.model_validate(
                {
                    **common(),
                    "from_state": dp.PlacementState.VISA_APPLIED,
                    "reason": "visa refused",
                    "cancelled_at": t,
                }
            ),
        )
        return None
    j.emit(
        "deployment",
        t,
        dp.PlacementVisaGranted.model_validate(
            {**common(), "granted_on": t.date(), "recorded_at": t}
        ),
    )
    departed_at = datetime.combine(start, datetime.min.time(), UTC) - _days(rng, 1, 5)
    departure = dp.WorkerDeparted(
        worker_id=j.worker_id,
        placement_id=placement_id,
        country=market,
        employer=order.employer,
        sector=sector,
        enterprise_id=order.enterprise.enterprise_id,
        job_order_id=order.job_order_id,
        contract_start=start,
        contract_end=contract_end,
        monthly_salary=terms.monthly_salary,
        salary_currency=terms.currency,
        monthly_salary_vnd=round(terms.monthly_salary * terms.vnd_per_unit),
        departed_at=departed_at,
    )
    j.emit("deployment", departed_at, departure)
    return departed_at, departure


def _abroad(
    j: _Journey, who: Person, departure: tuple[datetime, dp.WorkerDeparted], market: Market
) -> None:
    """Check-ins, remittances, incidents and extensions abroad; the return and reintegration."""
    rng = j.rng
    departed_at, departed = departure
    placement_id = departed.placement_id
    terms = MARKET_TERMS[market]
    end = datetime.combine(departed.contract_end, datetime.min.time(), UTC)
    early = rng.random() < 0.05
    if early:
        end = departed_at + (end - departed_at) * rng.uniform(0.2, 0.8)
    elif rng.random() < 0.1:
        new_end = _add_months(departed.contract_end, rng.choice((12, 18, 24)))
        extended_at = end - _days(rng, 30, 90)
        j.emit(
            "aftercare",
            extended_at,
            ac.ContractExtended(
                worker_id=j.worker_id,
                placement_id=placement_id,
                previous_end=departed.contract_end,
                new_end=new_end,
                reason="employer renewal",
                extended_by=rng.choice(OFFICERS),
                extended_at=extended_at,
            ),
        )
        end = datetime.combine(new_end, datetime.min.time(), UTC)
    incident_at = departed_at + (end - departed_at) * rng.random() if rng.random() < 0.05 else None
    t = departed_at + _days(rng, 20, 60)
    while t < end:
        family = rng.random() < 0.3
        j.emit(
            "aftercare",
            t,
            ac.WorkerCheckedIn(
                worker_id=j.worker_id,
                placement_id=placement_id,
                check_in_id=j.new_id(),
                contact=ac.ContactParty.FAMILY if family else ac.ContactParty.WORKER,
                channel=rng.choice(
                    (ac.ContactChannel.PHONE, ac.ContactChannel.ZALO, ac.ContactChannel.VIDEO)
                ),
                wellbeing=weighted(
                    rng,
                    (
                        (ac.Wellbeing.GOOD, 0.85),
                        (ac.Wellbeing.CONCERNS, 0.12),
                        (ac.Wellbeing.AT_RISK, 0.03),
                    ),
                ),
                contacted_at=t,
                recorded_by=rng.choice(OFFICERS),
                recorded_at=t,
            ),
        )
        sent = t - _days(rng, 1, 20)
        months = rng.randint(2, 4)
        amount = round(terms.monthly_salary * rng.uniform(0.4, 0.7) * months, 2)
        j.emit(
            "aftercare",
            t,
            ac.RemittanceReported(
                worker_id=j.worker_id,
                placement_id=placement_id,
                remittance_id=j.new_id(),
                amount=amount,
                currency=terms.currency,
                amount_vnd=round(amount * terms.vnd_per_unit),
                sent_on=sent.date(),
                reported_by=rng.choice(OFFICERS),
                reported_at=t,
            ),
        )
        if incident_at is not None and t >= incident_at:
            _incident(j, who, placement_id, t + _days(rng, 1, 10))
            incident_at = None
        t += _days(rng, 80, 150)
    returned = end + _days(rng, 0, 20)
    reason = ac.ReturnReason.EARLY_TERMINATION if early else ac.ReturnReason.CONTRACT_COMPLETED
    j.emit(
        "aftercare",
        returned,
        ac.WorkerReturned(
            worker_id=j.worker_id,
            returned_on=returned.date(),
            reason=reason,
            recorded_at=returned,
            placement_id=placement_id,
            recorded_by=rng.choice(OFFICERS),
        ),
    )
    t = returned + _days(rng, 10, 40)
    j.emit(
        "aftercare",
        t,
        ac.ReintegrationPlanned(
            worker_id=j.worker_id,
            placement_id=placement_id,
            skills_gained=[departed.sector.value],
            language_level=terms.language_level,
            savings_vnd=rng.randrange(100, 800) * 1_000_000,
            plans=[rng.choice(list(ac.ReintegrationGoal))],
            assessed_by=rng.choice(OFFICERS),
            assessed_at=t,
        ),
    )
    if rng.random() < 0.5:
        t += _days(rng, 5, 30)
        j.emit(
            "aftercare",
            t,
            ac.ReintegrationReferred(
                worker_id=j.worker_id,
                placement_id=placement_id,
                referral_id=j.new_id(),
                kind=rng.choice(list(ac.ReferralKind)),
                organisation="Trung tâm Dịch vụ Việc làm",
                referred_by=rng.choice(OFFICERS),
                referred_at=t,
            ),
        )
    t += _days(rng, 60, 180)
    j.emit(
        "aftercare",
        t,
        ac.ReintegrationOutcomeRecorded(
            worker_id=j.worker_id,
            placement_id=placement_id,
            outcome=rng.choice(list(ac.ReintegrationOutcome)),
            recorded_by=rng.choice(OFFICERS),
            recorded_at=t,
        ),
    )
    t += _days(rng, 10, 60)
    j.emit(
        "aftercare",
        t,
        ac.CaseClosed(
            worker_id=j.worker_id,
            placement_id=placement_id,
            reason=ac.ClosureReason.REINTEGRATED,
            closed_by=rng.choice(OFFICERS),
            closed_at=t,
        ),
    )


def _incident(j: _Journey, who: Person, placement_id: str, t: datetime) -> None:
    rng = j.rng
    incident_id = j.new_id()
    ticket = f"HW-{t.year}-{rng.randrange(1, 999999):06d}"
    severity = weighted(
        rng,
        (
            (ac.IncidentSeverity.LOW, 0.3),
            (ac.IncidentSeverity.MEDIUM, 0.45),
            (ac.IncidentSeverity.HIGH, 0.2),
            (ac.IncidentSeverity.CRITICAL, 0.05),
        ),
    )
    officer = rng.choice(OFFICERS)
    j.emit(
        "aftercare",
        t,
        ac.IncidentReported(
            worker_id=j.worker_id,
            placement_id=placement_id,
            incident_id=incident_id,
            ticket=ticket,
            category=rng.choice(list(ac.IncidentCategory)[:5]),
            severity=severity,
            respond_by=t + timedelta(days=2),
            resolve_by=t + timedelta(days=30),
            province_code=who.locality.province_code,
            commune_code=who.locality.commune_code,
            reported_by=officer,
            reported_at=t,
        ),
    )
    t += _days(rng, 0.1, 2)
    j.emit(
        "aftercare",
        t,
        ac.IncidentAssigned(
            worker_id=j.worker_id,
            incident_id=incident_id,
            ticket=ticket,
            assignee=officer,
            assigned_by="centre-lead",
            assigned_at=t,
        ),
    )
    steps = (
        (ac.IncidentStatus.OPEN, ac.IncidentStatus.IN_PROGRESS),
        (ac.IncidentStatus.IN_PROGRESS, ac.IncidentStatus.RESOLVED),
        (ac.IncidentStatus.RESOLVED, ac.IncidentStatus.CLOSED),
    )
    for index, (before, after) in enumerate(steps):
        t += _days(rng, 0.5, 12)
        j.emit(
            "aftercare",
            t,
            ac.IncidentStatusChanged(
                worker_id=j.worker_id,
                incident_id=incident_id,
                ticket=ticket,
                from_status=before,
                to_status=after,
                changed_by=officer,
                changed_at=t,
            ),
        )
        if index == 0:
            j.emit(
                "aftercare",
                t,
                ac.IncidentFollowUpRecorded(
                    worker_id=j.worker_id,
                    incident_id=incident_id,
                    ticket=ticket,
                    action_id=j.new_id(),
                    due_on=(t + timedelta(days=7)).date(),
                    recorded_by=officer,
                    recorded_at=t,
                ),
            )


def generate(seed: int, scope: Scope, order: Order = "time") -> Iterator[EventEnvelope]:
    """Yields the history's events: deterministic for a seed, each worker's in its order."""
    world = World(seed, scope)
    if order == "worker":
        yield from world.opening_events()
        for index in range(scope.workers):
            yield from worker_journey(seed, scope, world, index)
        return
    # Merge by time: a worker's events join the heap when the clock reaches its registration.
    heap: list[tuple[datetime, int, int, EventEnvelope]] = []
    for position, event in enumerate(world.opening_events()):
        heapq.heappush(heap, (event.time, -1, position, event))
    next_worker = 0
    while heap or next_worker < scope.workers:
        while next_worker < scope.workers and (
            not heap or registration_time(seed, scope, next_worker) <= heap[0][0]
        ):
            for position, event in enumerate(worker_journey(seed, scope, world, next_worker)):
                heapq.heappush(heap, (event.time, next_worker, position, event))
            next_worker += 1
        if heap:
            yield heapq.heappop(heap)[3]


def topic_of(event: EventEnvelope) -> str:
    """The topic (without prefix) the event's producer publishes it on."""
    return CATALOGUE.spec(event.type, event.version).topic.value
