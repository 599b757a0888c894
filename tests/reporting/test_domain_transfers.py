"""Reports across a transfer between communes: everything before its effective date stays with
the commune the worker left, everything from it counts for the new one, and a month already
reported keeps its figures when the transfer arrives later (no retroactive change)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from services.reporting.domain.facts import Fact, fact_of
from services.reporting.domain.figures import Period, Report, Scope, compute_report
from services.reporting.domain.units import current_communes
from shared.contracts import intake as it
from shared.contracts.common import Gender, HouseholdStatus, Locality
from shared.events.catalogue import EventPayload
from shared.events.envelope import EventEnvelope, decode_payload, new_event
from tests.reporting.history import PROVINCE, communes_of

OLD, NEW = communes_of(PROVINCE, 2)
COMMUNES = current_communes(PROVINCE)
WORKER = "w-moved"
REGISTERED = date(2026, 1, 10)
ACCEPTED = date(2026, 3, 20)
EFFECTIVE = date(2026, 4, 1)
CONSULTED = [date(2026, 2, 5), date(2026, 3, 15), date(2026, 4, 10)]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(3), UTC)


def _place(commune: str) -> Locality:
    return Locality(province_code=PROVINCE, commune_code=commune)


PERSON = {
    "full_name": "Lò Văn A",
    "date_of_birth": date(1998, 5, 1),
    "gender": Gender.MALE,
    "ethnic_minority": False,
    "household_status": HouseholdStatus.POOR,
    "support": it.SupportEligibility(
        subproject2=True, training_cost_support=True, preferential_loan=True
    ),
}


def _history() -> list[tuple[EventPayload, datetime]]:
    moved_by = "cb-new-commune"
    events: list[tuple[EventPayload, datetime]] = [
        (
            it.WorkerRegistered(
                worker_id=WORKER,
                locality=_place(OLD),
                registered_at=_at(REGISTERED),
                **PERSON,
            ),
            _at(REGISTERED),
        )
    ]
    consultations = [
        it.WorkerConsulted(
            worker_id=WORKER,
            consultation_id=f"c{n}",
            held_on=day,
            channel=it.ConsultationChannel.CENTRE_VISIT,
            outcome=it.ConsultationOutcome.WANTS_TO_GO,
            recorded_at=_at(day),
        )
        for n, day in enumerate(CONSULTED)
    ]
    events += [(c, c.recorded_at) for c in consultations[:2]]
    events.append(
        (
            it.WorkerTransferAccepted(
                worker_id=WORKER,
                transfer_id="t1",
                from_locality=_place(OLD),
                to_locality=_place(NEW),
                effective_date=EFFECTIVE,
                accepted_by=moved_by,
                accepted_at=_at(ACCEPTED),
            ),
            _at(ACCEPTED),
        )
    )
    events.append(
        (
            it.WorkerCorrected(
                worker_id=WORKER,
                revision=1,
                changed_fields=["locality"],
                locality=_place(NEW),
                corrected_by=moved_by,
                corrected_at=_at(ACCEPTED),
                **PERSON,
            ),
            _at(ACCEPTED),
        )
    )
    events += [(c, c.recorded_at) for c in consultations[2:]]
    return events


def _facts() -> list[Fact]:
    envelopes: list[EventEnvelope] = [
        new_event(
            payload,
            event_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"transfer-history/{n}")),
            subject=WORKER,
            sequence=n + 1,
            source="intake",
            time=at,
            correlation_id="history",
        )
        for n, (payload, at) in enumerate(_history())
    ]
    facts = [fact_of(e, decode_payload(e), e.time) for e in envelopes]
    return [f for f in facts if f is not None]


def _report(commune: str | None, month: str, as_of: date) -> Report:
    scope = Scope(PROVINCE, commune_code=commune)
    period = Period.month(month)
    return compute_report(_facts(), scope, period, _at(as_of), communes=COMMUNES)


def _independent_count(commune: str, month: str, as_of: date) -> dict[str, int]:
    """Counts from the history itself: the commune a day belongs to is the old one before the
    effective date, if the transfer was accepted by ``as_of``."""

    def commune_on(day: date) -> str:
        return NEW if as_of >= ACCEPTED and day >= EFFECTIVE else OLD

    def counted(day: date) -> bool:
        return f"{day:%Y-%m}" == month and day <= as_of and commune_on(day) == commune

    return {
        "registrations": int(counted(REGISTERED)),
        "consultations": sum(1 for day in CONSULTED if counted(day)),
    }


def test_each_month_counts_for_the_commune_the_worker_lived_in_then() -> None:
    for as_of in (date(2026, 3, 31), date(2026, 5, 1)):
        for month in ("2026-01", "2026-02", "2026-03", "2026-04"):
            for commune in (OLD, NEW):
                report = _report(commune, month, as_of)
                found = {name: report.value(name) for name in ("registrations", "consultations")}
                assert found == _independent_count(commune, month, as_of), (commune, month, as_of)


def test_a_month_before_the_transfer_reads_the_same_before_and_after_it() -> None:
    for month in ("2026-01", "2026-02", "2026-03"):
        for commune in (OLD, NEW, None):
            before = _report(commune, month, ACCEPTED - timedelta(days=1))
            after = _report(commune, month, date(2026, 6, 1))
            assert before.figures == after.figures, (commune, month)


def test_the_province_counts_everything_once_whoever_holds_it() -> None:
    report = _report(None, "2026-04", date(2026, 5, 1))
    assert report.value("consultations") == 1
    assert report.figure("registrations.commune." + OLD) is None
    march = _report(None, "2026-03", date(2026, 5, 1))
    assert march.value("consultations") == 1
