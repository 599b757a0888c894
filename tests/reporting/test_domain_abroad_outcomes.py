"""The hard cases abroad in the figures and the ministry report: counted once per placement, on
their day, by market and commune, and in every form of the monthly report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.reporting.domain.exports import report_csv, report_json
from services.reporting.domain.facts import Fact, FactKind
from services.reporting.domain.figures import Period, Scope, compute_report

NOW = datetime(2026, 1, 10, tzinfo=UTC)
PROVINCE, COMMUNE = "14", "04036"
MONTH = Period.month("2025-11")
DAY = date(2025, 11, 12)


def fact(event_id: str, kind: FactKind, on: date, **fields: Any) -> Fact:
    return Fact(
        event_id=event_id,
        kind=kind,
        worker_id=fields.pop("worker_id", "w-1"),
        sequence=1,
        recorded_at=NOW - timedelta(days=5),
        received_at=NOW - timedelta(days=5),
        on=on,
        **fields,
    )


REGISTERED = fact(
    "r-1",
    FactKind.REGISTERED,
    date(2025, 1, 5),
    province_code=PROVINCE,
    commune_code=COMMUNE,
    gender="female",
    ethnic_minority=True,
    household_status="poor",
)


def report(*facts: Fact, period: Period = MONTH) -> Any:
    return compute_report([REGISTERED, *facts], Scope(PROVINCE), period, NOW)


def test_a_refused_visa_is_counted_once_by_market_and_commune_in_its_month() -> None:
    refused = fact("v-1", FactKind.VISA_REFUSED, DAY, market="KR", placement_id="pl-1")
    again = refused.model_copy(update={"event_id": "v-2"})  # published twice: one refusal
    shown = report(refused, again)
    assert shown.value("visa_refusals") == 1
    assert shown.value("visa_refusals.market.KR") == 1
    assert shown.value(f"visa_refusals.commune.{COMMUNE}") == 1
    assert shown.figure("visa_refusals").evidence == ("v-1",)
    assert report(refused, period=Period.month("2025-12")).value("visa_refusals") == 0
    assert shown.value("departures") == 0


HARD_CASES = (
    "visa_refusals",
    "employer_changes",
    "reported_missing",
    "contact_resumed",
    "deaths_abroad",
)


def test_the_ministry_report_has_a_row_for_each_hard_case_even_at_zero() -> None:
    rows = report_csv(report()).decode().splitlines()
    for name in HARD_CASES:
        assert any(row.endswith(f",{name},total,,0") for row in rows), name
    names = {f["figure"] for f in report_json(report())["figures"]}
    assert set(HARD_CASES) <= names


def test_a_death_ends_the_stay_abroad_and_takes_its_departures_market() -> None:
    left = fact("d-1", FactKind.DEPARTED, date(2025, 3, 1), market="JP", placement_id="pl-1")
    left = left.model_copy(update={"sector": "electronics"})
    died = fact("x-1", FactKind.DIED_ABROAD, DAY, placement_id="pl-1")
    again = died.model_copy(update={"event_id": "x-2", "on": DAY + timedelta(days=1)})
    before = report(left)
    after = report(left, died, again)
    assert (before.value("abroad"), after.value("abroad")) == (1, 0)
    assert after.value("deaths_abroad") == 1
    assert after.value("deaths_abroad.market.JP") == 1
    assert after.figure("deaths_abroad").evidence == ("x-1",)
    assert report(left, died, period=Period.month("2025-10")).value("abroad") == 1


def test_missing_reports_and_employer_changes_count_each_event_by_kind() -> None:
    left = fact("d-1", FactKind.DEPARTED, date(2025, 3, 1), market="KR", placement_id="pl-1")
    gone = fact(
        "m-1", FactKind.REPORTED_MISSING, DAY, placement_id="pl-1", missing_kind="absconded"
    )
    back = fact("c-1", FactKind.CONTACT_RESUMED, DAY + timedelta(days=2), placement_id="pl-1")
    gone_again = gone.model_copy(update={"event_id": "m-2", "on": DAY + timedelta(days=5)})
    moved = fact(
        "e-1", FactKind.EMPLOYER_CHANGED, DAY, market="KR", sector="mechanics", placement_id="pl-1"
    )
    shown = report(left, gone, back, gone_again, moved)
    assert shown.value("reported_missing") == 2
    assert shown.value("reported_missing.kind.absconded") == 2
    assert shown.value("reported_missing.market.KR") == 2
    assert shown.value("contact_resumed") == 1
    assert shown.value("employer_changes") == shown.value("employer_changes.market.KR") == 1
    assert shown.value("abroad") == 1  # missing is still abroad
