"""Events and cases for aftercare's tests: real payloads wrapped in real envelopes."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from services.aftercare.domain.case import WorkerCase, add_events, hear
from services.aftercare.domain.timeline import TimelineEntry
from shared.contracts import aftercare as ac
from shared.contracts.common import Gender, HouseholdStatus, Locality, Market, Sector
from shared.contracts.deployment import WorkerDeparted
from shared.contracts.intake import (
    FamilyContact,
    SupportEligibility,
    WorkerJourneyStarted,
    WorkerRegistered,
)
from shared.contracts.training import WorkerTrained
from shared.events.catalogue import EventPayload
from shared.events.envelope import new_event

T0 = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
SON_LA = Locality(province_code="14", commune_code="04036", former_district_code="116")
PHONE = "0912345678"
FAMILY_PHONE = "0987654321"
_sequences = itertools.count(1)


def entry(
    payload: EventPayload,
    *,
    time: datetime,
    source: str,
    sequence: int | None = None,
    event_id: str | None = None,
) -> TimelineEntry:
    """Returns the timeline entry of a real envelope around the payload."""
    worker_id = getattr(payload, "worker_id", "unknown")
    envelope = new_event(
        payload,
        event_id=event_id or str(uuid.uuid4()),
        subject=worker_id,
        sequence=sequence if sequence is not None else next(_sequences),
        source=source,
        time=time,
        correlation_id=str(uuid.uuid4()),
    )
    return TimelineEntry.of(envelope, payload)


def registered(worker_id: str, at: datetime, **overrides: object) -> TimelineEntry:
    """Returns intake's ``worker.registered`` (a Son La worker from a poor household)."""
    fields: dict[str, object] = {
        "worker_id": worker_id,
        "full_name": "Đinh Thị Linh",
        "date_of_birth": date(1999, 4, 12),
        "gender": Gender.FEMALE,
        "ethnicity": "Thái",
        "ethnic_minority": True,
        "household_status": HouseholdStatus.POOR,
        "locality": SON_LA,
        "desired_markets": [Market.JAPAN],
        "desired_sectors": [Sector.ELECTRONICS],
        "support": SupportEligibility(
            subproject2=True, training_cost_support=True, preferential_loan=True
        ),
        "phone": PHONE,
        "family_contact": FamilyContact(
            name="Đinh Văn Hùng", relationship="father", phone=FAMILY_PHONE
        ),
        "registered_at": at,
    }
    fields.update(overrides)
    return entry(WorkerRegistered.model_validate(fields), time=at, source="intake")


def journey_started(worker_id: str, at: datetime, journey: int = 2) -> TimelineEntry:
    """Returns intake's ``worker.journey-started``: the worker home, on their next journey."""
    payload = WorkerJourneyStarted(
        worker_id=worker_id,
        journey=journey,
        household_status=HouseholdStatus.NEAR_POOR,
        locality=SON_LA,
        desired_markets=[Market.KOREA],
        support=SupportEligibility(
            subproject2=True, training_cost_support=True, preferential_loan=True
        ),
        started_by="officer-1",
        started_at=at,
    )
    return entry(payload, time=at, source="intake", sequence=journey)


def trained(worker_id: str, at: datetime, market: Market = Market.JAPAN) -> TimelineEntry:
    """Returns training's ``worker.trained`` for one market."""
    payload = WorkerTrained(
        worker_id=worker_id, market=market, language_level="JLPT-N4", trained_at=at
    )
    return entry(payload, time=at, source="training")


def departed(
    worker_id: str,
    at: datetime,
    *,
    placement_id: str = "placement-1",
    contract_start: date | None = None,
    contract_end: date | None = None,
) -> TimelineEntry:
    """Returns deployment's ``worker.departed``: a three-year electronics job in Japan."""
    start = contract_start or at.date()
    payload = WorkerDeparted(
        worker_id=worker_id,
        placement_id=placement_id,
        country=Market.JAPAN,
        employer="Aichi Denshi K.K.",
        sector=Sector.ELECTRONICS,
        enterprise_id="enterprise-1",
        job_order_id="order-1",
        contract_start=start,
        contract_end=contract_end or start.replace(year=start.year + 3),
        monthly_salary=180000,
        salary_currency="JPY",
        monthly_salary_vnd=30_000_000,
        departed_at=at,
    )
    return entry(payload, time=at, source="deployment")


def own(case: WorkerCase, payloads: Sequence[EventPayload], now: datetime) -> WorkerCase:
    """Returns the case after aftercare's own events, as the service writes them."""
    entries = [entry(p, time=now, source="aftercare") for p in payloads]
    return add_events(case, entries)


def heard(worker_id: str, *entries: TimelineEntry) -> WorkerCase:
    """Returns the case that hears the entries in the given order."""
    case = WorkerCase(worker_id=worker_id)
    for one in entries:
        case = hear(case, one)
    return case


def abroad(
    worker_id: str = "worker-1",
    departed_at: datetime = T0,
    contract_end: date | None = None,
    placement_id: str = "placement-1",
) -> WorkerCase:
    """Returns the case of a registered, trained worker who departed at ``departed_at``."""
    return heard(
        worker_id,
        registered(worker_id, departed_at - timedelta(days=200)),
        trained(worker_id, departed_at - timedelta(days=30)),
        departed(worker_id, departed_at, placement_id=placement_id, contract_end=contract_end),
    )


WORKER = "worker-1"
DAY = timedelta(days=1)


def _aftercare(payload: EventPayload, days: float, sequence: int) -> TimelineEntry:
    return entry(payload, time=T0 + days * DAY, source="aftercare", sequence=sequence)


def two_journeys() -> list[TimelineEntry]:
    """A worker's whole first journey, home, a second journey started and gone again."""
    return [
        registered(WORKER, T0 - 200 * DAY),
        trained(WORKER, T0 - 30 * DAY),
        departed(WORKER, T0, placement_id="p1", contract_end=date(2029, 1, 5)),
        _aftercare(
            ac.WorkerCheckedIn(
                worker_id=WORKER,
                placement_id="p1",
                check_in_id="c1",
                contact=ac.ContactParty.FAMILY,
                channel=ac.ContactChannel.ZALO,
                wellbeing=ac.Wellbeing.CONCERNS,
                contacted_at=T0 + 40 * DAY,
                recorded_by="officer-1",
                recorded_at=T0 + 40 * DAY,
            ),
            40,
            2,
        ),
        _aftercare(
            ac.RemittanceReported(
                worker_id=WORKER,
                placement_id="p1",
                remittance_id="r1",
                amount=100000,
                currency="JPY",
                amount_vnd=17_000_000,
                sent_on=date(2026, 3, 1),
                reported_by="officer-1",
                reported_at=T0 + 60 * DAY,
            ),
            60,
            3,
        ),
        _aftercare(
            ac.IncidentReported(
                worker_id=WORKER,
                placement_id="p1",
                incident_id="i1",
                ticket="HW-2026-000001",
                category=ac.IncidentCategory.UNPAID_WAGES,
                severity=ac.IncidentSeverity.HIGH,
                respond_by=T0 + 73 * DAY,
                resolve_by=T0 + 84 * DAY,
                reported_by="officer-1",
                reported_at=T0 + 70 * DAY,
            ),
            70,
            4,
        ),
        _aftercare(
            ac.IncidentStatusChanged(
                worker_id=WORKER,
                incident_id="i1",
                ticket="HW-2026-000001",
                from_status=ac.IncidentStatus.OPEN,
                to_status=ac.IncidentStatus.IN_PROGRESS,
                changed_by="officer-2",
                changed_at=T0 + 71 * DAY,
            ),
            71,
            5,
        ),
        _aftercare(
            ac.ContractExtended(
                worker_id=WORKER,
                placement_id="p1",
                previous_end=date(2029, 1, 5),
                new_end=date(2030, 1, 5),
                extended_by="officer-1",
                extended_at=T0 + 900 * DAY,
            ),
            900,
            6,
        ),
        _aftercare(
            ac.WorkerReturned(
                worker_id=WORKER,
                placement_id="p1",
                returned_on=date(2030, 1, 6),
                reason=ac.ReturnReason.CONTRACT_COMPLETED,
                recorded_at=T0 + 1462 * DAY,
            ),
            1462,
            7,
        ),
        _aftercare(
            ac.ReintegrationPlanned(
                worker_id=WORKER,
                placement_id="p1",
                skills_gained=["welding", "Japanese"],
                savings_vnd=400_000_000,
                plans=[ac.ReintegrationGoal.BUSINESS],
                assessed_by="officer-1",
                assessed_at=T0 + 1470 * DAY,
            ),
            1470,
            8,
        ),
        journey_started(WORKER, T0 + 1480 * DAY),
        _aftercare(
            ac.ReintegrationOutcomeRecorded(
                worker_id=WORKER,
                placement_id="p1",
                outcome=ac.ReintegrationOutcome.WORKING_ABROAD_AGAIN,
                recorded_by="officer-1",
                recorded_at=T0 + 1490 * DAY,
            ),
            1490,
            9,
        ),
        _aftercare(
            ac.CaseClosed(
                worker_id=WORKER,
                placement_id="p1",
                reason=ac.ClosureReason.REINTEGRATED,
                closed_by="officer-1",
                closed_at=T0 + 1500 * DAY,
            ),
            1500,
            10,
        ),
        trained(WORKER, T0 + 1520 * DAY, market=Market.KOREA),
        departed(WORKER, T0 + 1600 * DAY, placement_id="p2", contract_start=date(2030, 6, 1)),
    ]


HISTORY = two_journeys()
