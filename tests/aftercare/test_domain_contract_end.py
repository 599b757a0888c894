"""Contracts ending within a window, and extensions that move the expected return."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.aftercare.domain.case import CaseSummary, JourneyStage
from services.aftercare.domain.contract_end import (
    DEFAULT_WINDOW_DAYS,
    ExtendContract,
    contracts_ending,
    extend_contract,
)
from services.aftercare.domain.dates import add_months
from shared.contracts.aftercare import ReturnReason, WorkerReturned
from shared.errors import ConflictError, FieldError
from tests.aftercare.builders import T0, abroad, own

DAY = timedelta(days=1)
NOW = T0 + 400 * DAY
END = date(2029, 1, 5)


def extension(new_end: date) -> ExtendContract:
    return ExtendContract(new_end=new_end, reason="employer renewed", extended_by="officer-1")


def test_an_extension_moves_the_expected_return() -> None:
    case = abroad(contract_end=END)

    event = extend_contract(case, extension(date(2030, 1, 5)), now=NOW)
    case = own(case, [event], NOW)

    assert (event.previous_end, event.new_end) == (END, date(2030, 1, 5))
    assert event.placement_id == "placement-1"
    journey = case.require_case()
    assert journey.expected_return == date(2030, 1, 5)
    assert journey.departure is not None
    assert journey.departure.contract_end == END  # the signed contract is history
    second = extend_contract(case, extension(date(2030, 6, 5)), now=NOW + DAY)
    assert second.previous_end == date(2030, 1, 5)


@pytest.mark.parametrize("new_end", [END, END - DAY, date(2020, 1, 1)])
def test_the_new_end_must_come_after_the_current_one(new_end: date) -> None:
    with pytest.raises(FieldError) as raised:
        extend_contract(abroad(contract_end=END), extension(new_end), now=NOW)

    assert raised.value.field == "new_end"
    assert "after the current contract end" in raised.value.reason


def test_no_contract_runs_past_six_years() -> None:
    case = abroad(contract_end=END)  # the contract started on T0's date
    longest = add_months(T0.date(), 72)

    assert extend_contract(case, extension(longest), now=NOW).new_end == longest
    with pytest.raises(FieldError) as raised:
        extend_contract(case, extension(longest + DAY), now=NOW)
    assert raised.value.field == "new_end"


def test_a_worker_already_home_cannot_be_extended() -> None:
    case = own(
        abroad(),
        [
            WorkerReturned(
                worker_id="worker-1",
                placement_id="placement-1",
                returned_on=NOW.date(),
                reason=ReturnReason.EARLY_TERMINATION,
                recorded_at=NOW,
            )
        ],
        NOW,
    )

    with pytest.raises(ConflictError) as raised:
        extend_contract(case, extension(date(2031, 1, 1)), now=NOW + DAY)
    assert raised.value.details == {"stage": JourneyStage.RETURNED}


def summary(worker_id: str, expected_return: date | None, stage: JourneyStage) -> CaseSummary:
    return CaseSummary(worker_id=worker_id, stage=stage, expected_return=expected_return)


def test_contracts_ending_within_ninety_days_soonest_first() -> None:
    today = date(2026, 6, 1)
    cases = [
        summary("day-90", today + 90 * DAY, JourneyStage.ABROAD),
        summary("day-91", today + 91 * DAY, JourneyStage.ABROAD),
        summary("today", today, JourneyStage.ABROAD),
        summary("overdue", today - 3 * DAY, JourneyStage.ABROAD),
        summary("home", today + 10 * DAY, JourneyStage.RETURNED),
        summary("unknown", None, JourneyStage.ABROAD),
    ]

    ending = contracts_ending(cases, today=today)

    assert DEFAULT_WINDOW_DAYS == 90
    assert [(c.worker_id, c.days_left) for c in ending] == [
        ("overdue", -3),
        ("today", 0),
        ("day-90", 90),
    ]


def test_the_window_is_configurable_and_never_negative() -> None:
    today = date(2026, 6, 1)
    cases = [summary("soon", today + 20 * DAY, JourneyStage.ABROAD)]

    assert contracts_ending(cases, today=today, within_days=19) == []
    assert len(contracts_ending(cases, today=today, within_days=20)) == 1
    with pytest.raises(ValueError, match="within_days"):
        contracts_ending(cases, today=today, within_days=-1)


def test_an_extension_takes_a_worker_off_the_list() -> None:
    case = abroad(contract_end=END)
    today = END - 30 * DAY
    assert [c.worker_id for c in contracts_ending([case.summary()], today=today)] == ["worker-1"]

    case = own(case, [extend_contract(case, extension(date(2030, 1, 5)), now=NOW)], NOW)

    assert contracts_ending([case.summary()], today=today) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(min_value=-400, max_value=400)),
            st.sampled_from(list(JourneyStage)),
        ),
        max_size=30,
    ),
    st.integers(min_value=0, max_value=365),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2035, 12, 31)),
)
def test_the_window_holds_exactly_the_workers_abroad_ending_by_its_last_day(
    rows: list[tuple[int | None, JourneyStage]], window: int, today: date
) -> None:
    cases = [
        summary(f"w{i:02d}", None if offset is None else today + offset * DAY, stage)
        for i, (offset, stage) in enumerate(rows)
    ]

    ending = contracts_ending(cases, today=today, within_days=window)

    expected = {
        f"w{i:02d}": offset
        for i, (offset, stage) in enumerate(rows)
        if offset is not None and offset <= window and stage == JourneyStage.ABROAD
    }
    assert {c.worker_id: c.days_left for c in ending} == expected
    assert [c.expected_return for c in ending] == sorted(c.expected_return for c in ending)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=0, max_value=120),
)
def test_adding_months_keeps_the_day_or_the_months_last_day(day: date, months: int) -> None:
    later = add_months(day, months)

    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + DAY).day == 1)
