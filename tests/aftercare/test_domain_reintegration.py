"""Return, reintegration plan, referrals, outcome and closure, in their one legal order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from services.aftercare.domain.case import JourneyStage, WorkerCase
from services.aftercare.domain.checkins import RecordCheckIn, record_check_in
from services.aftercare.domain.contract_end import ExtendContract, extend_contract
from services.aftercare.domain.reintegration import (
    CloseCase,
    PlanReintegration,
    RecordOutcome,
    RecordReturn,
    ReferWorker,
    close_case,
    plan_reintegration,
    record_outcome,
    record_return,
    refer_worker,
)
from shared.contracts import aftercare as ac
from shared.errors import ConflictError, FieldError
from shared.events.catalogue import EventPayload
from tests.aftercare.builders import T0, abroad, heard, own, registered

DAY = timedelta(days=1)
NOW = T0 + 1100 * DAY
HOME_ON = (T0 + 1095 * DAY).date()

RETURN = RecordReturn(returned_on=HOME_ON, reason="contract_completed", recorded_by="officer-1")
PLAN = PlanReintegration(
    skills_gained=["CNC machining", "Japanese N3", "CNC machining"],
    language_level="JLPT-N3",
    savings_vnd=450_000_000,
    plans=["business", "job", "business"],
    notes="Wants to open a repair workshop in the commune.",
    assessed_by="officer-1",
)
REFERRAL = ReferWorker(kind="credit", organisation="VBSP Sơn La branch", referred_by="officer-1")
OUTCOME = RecordOutcome(outcome="business_started", recorded_by="officer-1")
CLOSE = CloseCase(reason="reintegrated", closed_by="officer-1")


def step(case: WorkerCase, payload: EventPayload, day: int = 0) -> WorkerCase:
    return own(case, [payload], NOW + day * DAY)


def returned() -> WorkerCase:
    return step(abroad(), record_return(abroad(), RETURN, now=NOW))


def test_the_whole_way_home_in_order() -> None:
    case = abroad()
    case = step(case, record_return(case, RETURN, now=NOW))
    case = step(case, plan_reintegration(case, PLAN, now=NOW + DAY), 1)
    case = step(case, refer_worker(case, REFERRAL, referral_id="ref-1", now=NOW + 2 * DAY), 2)
    case = step(case, record_outcome(case, OUTCOME, now=NOW + 30 * DAY), 30)
    case = step(case, close_case(case, CLOSE, now=NOW + 31 * DAY), 31)

    journey = case.require_case()
    assert journey.stage == JourneyStage.CLOSED
    assert journey.returned is not None
    assert (journey.returned.returned_on, journey.returned.placement_id) == (HOME_ON, "placement-1")
    assert journey.assessment is not None
    assert journey.assessment.skills_gained == ["CNC machining", "Japanese N3"]
    assert journey.assessment.plans == [ac.ReintegrationGoal.BUSINESS, ac.ReintegrationGoal.JOB]
    assert [(r.referral_id, r.kind) for r in journey.referrals] == [
        ("ref-1", ac.ReferralKind.CREDIT)
    ]
    assert journey.outcome is not None
    assert journey.outcome.outcome == ac.ReintegrationOutcome.BUSINESS_STARTED
    assert journey.closure is not None
    assert journey.closure.reason == ac.ClosureReason.REINTEGRATED
    assert [e.type for e in case.timeline][-5:] == [
        "worker.returned",
        "reintegration.planned",
        "reintegration.referred",
        "reintegration.outcome-recorded",
        "case.closed",
    ]


@pytest.mark.parametrize(
    ("returned_on", "reason"),
    [
        ((NOW + 2 * DAY).date(), "is in the future"),
        ((T0 - DAY).date(), "is before the worker departed"),
    ],
)
def test_a_return_date_outside_the_stay_names_the_field(returned_on: date, reason: str) -> None:
    command = RecordReturn(returned_on=returned_on, reason="other", recorded_by="officer-1")

    with pytest.raises(FieldError) as raised:
        record_return(abroad(), command, now=NOW)

    assert (raised.value.field, raised.value.reason) == ("returned_on", reason)


def test_a_return_needs_a_worker_abroad() -> None:
    with pytest.raises(ConflictError):
        record_return(heard("w", registered("w", T0)), RETURN, now=NOW)
    with pytest.raises(ConflictError) as raised:
        record_return(returned(), RETURN, now=NOW + DAY)
    assert raised.value.details == {"stage": JourneyStage.RETURNED}


def test_a_returned_event_stays_readable_by_old_readers() -> None:
    event = record_return(abroad(), RETURN, now=NOW)
    data = event.model_dump(mode="json")

    assert {"worker_id", "returned_on", "reason", "recorded_at"} <= set(data)
    old_shape = {k: data[k] for k in ("worker_id", "returned_on", "reason", "recorded_at")}
    assert ac.WorkerReturned.model_validate(old_shape).placement_id is None


def test_steps_out_of_order_are_conflicts() -> None:
    case = abroad()
    with pytest.raises(ConflictError, match="has not returned"):
        plan_reintegration(case, PLAN, now=NOW)
    with pytest.raises(ConflictError, match="has not returned"):
        close_case(case, CLOSE, now=NOW)

    case = returned()
    with pytest.raises(ConflictError, match="before their needs are assessed"):
        refer_worker(case, REFERRAL, referral_id="r", now=NOW)
    with pytest.raises(ConflictError, match="before their needs are assessed"):
        record_outcome(case, OUTCOME, now=NOW)
    with pytest.raises(ConflictError, match="only once an outcome is recorded"):
        close_case(case, CLOSE, now=NOW)


def test_a_case_may_close_without_an_outcome_for_other_reasons() -> None:
    case = returned()
    declined = CloseCase(reason="declined_support", closed_by="officer-1")

    closed = step(case, close_case(case, declined, now=NOW + DAY), 1)

    assert closed.require_case().stage == JourneyStage.CLOSED


def closed() -> WorkerCase:
    case = returned()
    return step(case, close_case(case, CloseCase(reason="lost_contact", closed_by="o"), now=NOW))


ACTIONS_ON_A_CASE: dict[str, Callable[[WorkerCase], object]] = {
    "return": lambda c: record_return(c, RETURN, now=NOW),
    "plan": lambda c: plan_reintegration(c, PLAN, now=NOW),
    "refer": lambda c: refer_worker(c, REFERRAL, referral_id="r", now=NOW),
    "outcome": lambda c: record_outcome(c, OUTCOME, now=NOW),
    "close": lambda c: close_case(c, CLOSE, now=NOW),
    "extend": lambda c: extend_contract(
        c, ExtendContract(new_end=date(2031, 1, 1), extended_by="o"), now=NOW
    ),
    "check-in": lambda c: record_check_in(
        c,
        RecordCheckIn(
            contact="worker",
            channel="phone",
            wellbeing="good",
            contacted_at=NOW,
            recorded_by="o",
        ),
        check_in_id="c",
        now=NOW,
    ),
}


@pytest.mark.parametrize("action", list(ACTIONS_ON_A_CASE))
def test_nothing_happens_on_a_closed_case(action: str) -> None:
    with pytest.raises(ConflictError, match="the case is closed"):
        ACTIONS_ON_A_CASE[action](closed())


def test_a_plan_needs_at_least_one_goal_and_named_skills() -> None:
    with pytest.raises(ValidationError) as no_plans:
        PlanReintegration(plans=[], assessed_by="o")
    with pytest.raises(ValidationError) as blank_skill:
        PlanReintegration(plans=["job"], skills_gained=["  "], assessed_by="o")

    assert no_plans.value.errors()[0]["loc"] == ("plans",)
    assert blank_skill.value.errors()[0]["loc"] == ("skills_gained",)


STEPS = ["return", "plan", "refer", "outcome", "close", "close-declined"]


def decide(name: str, case: WorkerCase, now: datetime) -> EventPayload:
    """Runs one step of the way home on the case."""
    match name:
        case "return":
            return record_return(case, RETURN, now=now)
        case "plan":
            return plan_reintegration(case, PLAN, now=now)
        case "refer":
            return refer_worker(case, REFERRAL, referral_id=f"r-{now:%j}", now=now)
        case "outcome":
            return record_outcome(case, OUTCOME, now=now)
        case "close":
            return close_case(case, CLOSE, now=now)
        case _:
            declined = CloseCase(reason="declined_support", closed_by="o")
            return close_case(case, declined, now=now)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(STEPS), max_size=10))
def test_only_the_legal_order_is_accepted(steps: list[str]) -> None:
    case = abroad()
    home = assessed = has_outcome = is_closed = False
    for day, name in enumerate(steps, start=1):
        legal = {
            "return": not home and not is_closed,
            "plan": home and not is_closed,
            "refer": assessed and not is_closed,
            "outcome": assessed and not is_closed,
            "close": has_outcome and not is_closed,
            "close-declined": home and not is_closed,
        }[name]
        now = NOW + day * DAY
        if not legal:
            with pytest.raises(ConflictError):
                decide(name, case, now)
            continue
        case = own(case, [decide(name, case, now)], now)
        home = home or name == "return"
        assessed = assessed or name == "plan"
        has_outcome = has_outcome or name == "outcome"
        is_closed = is_closed or name.startswith("close")

    journey = case.require_case()
    assert (journey.returned is not None) == home
    assert (journey.assessment is not None) == assessed
    assert (journey.closure is not None) == is_closed
    expected_stage = (
        JourneyStage.CLOSED if is_closed else JourneyStage.RETURNED if home else JourneyStage.ABROAD
    )
    assert journey.stage == expected_stage
