"""Remittances reported from abroad, and their totals per worker, commune and month."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from services.aftercare.domain.remittances import (
    Remittance,
    RemittanceTotal,
    ReportRemittance,
    TotalBy,
    remittance_totals,
    report_remittance,
)
from shared.errors import ConflictError, FieldError
from tests.aftercare.builders import T0, abroad, heard, registered

DAY = timedelta(days=1)
NOW = T0 + 100 * DAY


def report(**overrides: object) -> ReportRemittance:
    fields: dict[str, object] = {
        "amount": 150000,
        "currency": "JPY",
        "amount_vnd": 25_500_000,
        "sent_on": date(2026, 3, 25),
        "reported_by": "officer-1",
    }
    fields.update(overrides)
    return ReportRemittance.model_validate(fields)


def test_a_remittance_carries_the_workers_commune_and_its_vnd_equivalent() -> None:
    remittance, event = report_remittance(abroad(), report(), remittance_id="r-1", now=NOW)

    assert (remittance.province_code, remittance.commune_code) == ("14", "04036")
    assert remittance.month == "2026-03"
    assert (event.amount, event.currency, event.amount_vnd) == (150000, "JPY", 25_500_000)
    assert event.placement_id == remittance.placement_id == "placement-1"
    assert event.reported_at == NOW


def test_a_vnd_remittance_is_its_own_equivalent() -> None:
    remittance, _ = report_remittance(
        abroad(),
        report(amount=5_000_000, currency="VND", amount_vnd=None),
        remittance_id="r",
        now=NOW,
    )

    assert remittance.amount_vnd == 5_000_000


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount_vnd": None}, "amount_vnd"),
        ({"currency": "VND", "amount": 5_000_000, "amount_vnd": 4_000_000}, "amount_vnd"),
        ({"currency": "VND", "amount": 5_000_000.5, "amount_vnd": None}, "amount"),
        ({"sent_on": (NOW + 2 * DAY).date()}, "sent_on"),
        ({"sent_on": (T0 - 2 * DAY).date()}, "sent_on"),
    ],
)
def test_a_remittance_that_breaks_a_rule_names_the_field(
    overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(FieldError) as raised:
        report_remittance(abroad(), report(**overrides), remittance_id="r", now=NOW)

    assert raised.value.field == field


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"currency": "yen"}, "currency"),
        ({"amount_vnd": -1}, "amount_vnd"),
    ],
)
def test_the_command_refuses_malformed_values(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        report(**overrides)

    assert raised.value.errors()[0]["loc"] == (field,)


def test_no_remittance_before_departure() -> None:
    with pytest.raises(ConflictError):
        report_remittance(heard("w", registered("w", T0)), report(), remittance_id="r", now=NOW)


def remittance(
    worker_id: str, commune: str | None, sent_on: date, amount_vnd: int, province: str = "14"
) -> Remittance:
    return Remittance(
        remittance_id=f"{worker_id}-{sent_on}-{amount_vnd}",
        worker_id=worker_id,
        placement_id="p",
        province_code=province if commune else None,
        commune_code=commune,
        amount=amount_vnd,
        currency="VND",
        amount_vnd=amount_vnd,
        sent_on=sent_on,
        reported_by="officer-1",
        reported_at=T0,
    )


RECORDS = [
    remittance("linh", "04036", date(2026, 3, 2), 20_000_000),
    remittance("linh", "04036", date(2026, 4, 2), 22_000_000),
    remittance("hung", "04036", date(2026, 3, 28), 15_000_000),
    remittance("mai", "04063", date(2026, 3, 10), 30_000_000),
    remittance("ghost", None, date(2026, 4, 1), 1_000_000),
]


def test_totals_per_worker() -> None:
    totals = remittance_totals(RECORDS, [TotalBy.WORKER])

    assert [(t.worker_id, t.count, t.total_vnd) for t in totals] == [
        ("ghost", 1, 1_000_000),
        ("hung", 1, 15_000_000),
        ("linh", 2, 42_000_000),
        ("mai", 1, 30_000_000),
    ]


def test_totals_per_commune_name_the_province_and_keep_unknown_apart() -> None:
    totals = remittance_totals(RECORDS, [TotalBy.COMMUNE])

    assert totals == [
        RemittanceTotal(province_code=None, commune_code=None, count=1, total_vnd=1_000_000),
        RemittanceTotal(province_code="14", commune_code="04036", count=3, total_vnd=57_000_000),
        RemittanceTotal(province_code="14", commune_code="04063", count=1, total_vnd=30_000_000),
    ]


def test_totals_per_month_and_per_commune_and_month() -> None:
    per_month = remittance_totals(RECORDS, [TotalBy.MONTH])
    per_commune_month = remittance_totals(RECORDS, [TotalBy.COMMUNE, TotalBy.MONTH])

    assert [(t.month, t.count, t.total_vnd) for t in per_month] == [
        ("2026-03", 3, 65_000_000),
        ("2026-04", 2, 23_000_000),
    ]
    assert [(t.commune_code, t.month, t.total_vnd) for t in per_commune_month] == [
        (None, "2026-04", 1_000_000),
        ("04036", "2026-03", 35_000_000),
        ("04036", "2026-04", 22_000_000),
        ("04063", "2026-03", 30_000_000),
    ]


def test_no_dimension_gives_the_grand_total_and_no_records_give_nothing() -> None:
    assert remittance_totals(RECORDS, []) == [RemittanceTotal(count=5, total_vnd=88_000_000)]
    assert remittance_totals([], [TotalBy.WORKER]) == []


records = st.lists(
    st.builds(
        remittance,
        st.sampled_from(["linh", "hung", "mai", "lan"]),
        st.sampled_from(["04036", "04063", None]),
        st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
        st.integers(min_value=1, max_value=100_000_000),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(records, st.lists(st.sampled_from(list(TotalBy)), unique=True))
def test_totals_partition_the_records(rows: list[Remittance], by: list[TotalBy]) -> None:
    totals = remittance_totals(rows, by)

    assert sum(t.count for t in totals) == len(rows)
    assert sum(t.total_vnd for t in totals) == sum(r.amount_vnd for r in rows)
    if TotalBy.WORKER in by:
        per_worker = Counter[str]()
        for total in totals:
            assert total.worker_id is not None
            per_worker[total.worker_id] += total.total_vnd
        assert per_worker == Counter(
            {
                w: sum(r.amount_vnd for r in rows if r.worker_id == w)
                for w in {r.worker_id for r in rows}
            }
        )
    keys = [(t.province_code, t.commune_code, t.worker_id, t.month) for t in totals]
    assert len(keys) == len(set(keys))
