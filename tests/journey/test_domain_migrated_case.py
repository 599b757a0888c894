"""A migrated case in each reader's pure rules: readiness by the validity table, the case's
stage, the candidate's facts in any order, the report's facts on their true days."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from services.aftercare.domain.case import JourneyStage, fold
from services.deployment.domain.candidates import apply_candidate_event
from services.reporting.domain.facts import Fact, FactKind, imported_facts
from services.reporting.domain.figures import Period, Scope, compute_report
from services.training.domain.imported import import_certificates, imported_readiness_time
from services.training.domain.readiness import evaluate
from services.training.domain.records import TrainingRecord
from shared.contracts.common import Market, Sector
from shared.contracts.intake import (
    ImportedCertificate,
    ImportedPlacement,
    ImportedStage,
    WorkerCaseImported,
)
from shared.events.envelope import new_event
from tests.aftercare.builders import entry, registered

WORKER = "w-migrated"
NOW = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
PLACEMENT = ImportedPlacement(
    placement_id="p-imported",
    enterprise_id="e-1",
    licence_number="088/LĐTBXH-GP",
    employer="Samsung Electronics",
    country=Market.KOREA,
    sector=Sector.ELECTRONICS,
    contract_start=date(2023, 3, 1),
    contract_end=date(2026, 2, 28),
    departed_on=date(2023, 3, 10),
    returned_on=date(2026, 3, 2),
)


def _case(issued_on: date, placement: ImportedPlacement | None = PLACEMENT) -> WorkerCaseImported:
    return WorkerCaseImported(
        worker_id=WORKER,
        stage=ImportedStage.RETURNED if placement else ImportedStage.TRAINED,
        certificates=[
            ImportedCertificate(
                number="EPS-2023-77",
                kind="language",
                market=Market.KOREA,
                language_level="EPS-TOPIK",
                issued_on=issued_on,
            ),
            ImportedCertificate(
                number="DH-KR-12", kind="orientation", market=Market.KOREA, issued_on=issued_on
            ),
        ],
        placement=placement,
        occurred_on=date(2026, 3, 2),
        imported_by="cb-son-linh",
        imported_at=NOW,
    )


def test_imported_certificates_count_for_readiness_while_the_market_holds_them_valid() -> None:
    def korea(issued_on: date) -> bool:
        record = import_certificates(TrainingRecord(worker_id=WORKER), _case(issued_on, None))
        ready = {r.market: r for r in evaluate(record, on=NOW.date())}[Market.KOREA]
        return ready.met

    assert korea(date(2025, 6, 1))
    assert not korea(date(2023, 2, 1))  # EPS-TOPIK and orientation count for 2 years
    case = _case(date(2025, 6, 1), None)
    assert imported_readiness_time(case, NOW).date() == date(2025, 6, 1)


def test_the_case_is_returned_and_the_candidate_home_whatever_the_order() -> None:
    migrated = _case(date(2023, 1, 5))
    registration = registered(WORKER, datetime(2026, 12, 6, 2, tzinfo=UTC))
    imported = entry(migrated, time=NOW, source="intake", sequence=2)
    case = fold(WORKER, [imported, registration])
    summary = case.summary()
    assert summary.stage is JourneyStage.RETURNED
    assert (summary.country, summary.expected_return) == (Market.KOREA, date(2026, 2, 28))
    assert case.journeys[-1].returned is not None

    payload = registration.payload()
    assert payload is not None
    one = apply_candidate_event(None, WORKER, payload, 1)
    one = apply_candidate_event(one, WORKER, migrated, 2)
    other = apply_candidate_event(None, WORKER, migrated, 2)
    other = apply_candidate_event(other, WORKER, payload, 1)
    assert one == other
    assert not one.abroad
    assert one.awaiting_journey
    assert one.imported_placement == PLACEMENT


def test_the_report_counts_the_departure_and_the_return_on_their_days() -> None:
    envelope = new_event(
        _case(date(2023, 1, 5)),
        event_id=str(uuid.uuid4()),
        subject=WORKER,
        sequence=2,
        source="intake",
        time=NOW,
        correlation_id="c-1",
    )
    payload = _case(date(2023, 1, 5))
    facts = {f.kind: f for f in imported_facts(envelope, payload, NOW)}
    assert facts[FactKind.DEPARTED].on == date(2023, 3, 10)
    assert facts[FactKind.RETURNED].on == date(2026, 3, 2)
    assert facts[FactKind.RETURNED].return_reason == "contract_completed"
    (imported,) = imported_facts(envelope, _case(date(2023, 1, 5), None), NOW)
    assert (imported.kind, imported.on) == (FactKind.CASE_IMPORTED, date(2026, 12, 6))


def test_a_migrated_case_is_no_registration_of_the_import_month() -> None:
    """A commune moving 300 cases in progress into Homeward in one month registered none of
    them that month: they count as cases migrated, apart from the month's registrations."""
    registered_at = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)  # the import's registration
    place = {"province_code": "14", "commune_code": "04036", "gender": "female",
             "ethnic_minority": False, "household_status": "poor"}  # fmt: skip

    def registration(worker_id: str) -> Fact:
        return Fact(event_id=f"r-{worker_id}", kind=FactKind.REGISTERED, worker_id=worker_id,
                    sequence=1, recorded_at=registered_at, received_at=registered_at,
                    on=date(2026, 12, 6), **place)  # fmt: skip

    envelope = new_event(_case(date(2023, 1, 5)), event_id="e-import", subject=WORKER,
                         sequence=2, source="intake", time=NOW, correlation_id="c-1")  # fmt: skip
    facts = [registration(WORKER), registration("w-new"),
             *imported_facts(envelope, _case(date(2023, 1, 5)), NOW)]  # fmt: skip
    later = NOW + timedelta(days=30)
    december = compute_report(facts, Scope("14"), Period.month("2026-12"), later)
    assert december.value("registrations") == 1  # w-new only
    assert december.value("cases_migrated") == 1
    assert december.value("cases_migrated.commune.04036") == 1
    march = compute_report(facts, Scope("14"), Period.month("2026-03"), later)
    assert march.value("returns") == 1  # the return on its true day
    assert march.value("cases_migrated") == 0
