"""Matching: who fits an order and which orders fit a worker, ranked, with a reason per rule."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from services.deployment.domain import (
    Candidate,
    JobOrder,
    Reason,
    apply_candidate_event,
    close_job_order,
    match_order,
    match_worker,
    suspend_licence,
    take_position,
)
from services.deployment.domain.matching import fits, worker_reasons
from shared.contracts.common import Gender, Market, Sector
from shared.contracts.deployment import JobOrderCloseReason
from shared.contracts.intake import WorkerMerged, WorkerWithdrawn
from shared.contracts.training import Certificate, WorkerTrained
from tests.deployment.builders import NOW, TODAY, candidate, enterprise, job_order, trained


def by_requirement(reasons: list[Reason]) -> dict[str, Reason]:
    return {r.requirement: r for r in reasons}


def strict_order(**requirements: Any) -> JobOrder:
    base: dict[str, Any] = {
        "gender": "female",
        "min_age": 20,
        "max_age": 30,
        "language_level": "JLPT-N4",
        "certificates": ["electronics_assembly"],
    }
    base.update(requirements)
    return job_order(requirements=base)


def test_a_fitting_worker_has_every_requirement_met_with_its_reason() -> None:
    worker = candidate(level="JLPT-N3", certificates=("electronics_assembly",))
    reasons = by_requirement(worker_reasons(strict_order(), worker, TODAY))
    assert all(r.met for r in reasons.values())
    assert reasons["trained_for_market"].detail == "trained for JP on 2025-11-02"
    assert reasons["gender"].detail == "requires female; worker is female"
    assert reasons["age"].detail == "age 26 within 20-30"
    assert reasons["language_level"].detail == "JLPT-N3 meets JLPT-N4"
    assert reasons["certificate:electronics_assembly"].detail == (
        "holds a electronics_assembly certificate"
    )
    assert reasons["desired_market"].required is False
    assert reasons["desired_sector"].detail == "wants electronics"


def test_each_unmet_requirement_says_which_and_why() -> None:
    worker = candidate(
        level="JLPT-N5", gender=Gender.MALE, born=date(1990, 1, 1), markets=(), sectors=()
    )
    reasons = by_requirement(worker_reasons(strict_order(), worker, TODAY))
    unmet = {name for name, r in reasons.items() if not r.met}
    assert unmet == {
        "gender",
        "age",
        "language_level",
        "certificate:electronics_assembly",
        "desired_market",
        "desired_sector",
    }
    assert reasons["gender"].detail == "requires female; worker is male"
    assert reasons["age"].detail == "age 35 above the maximum 30"
    assert reasons["language_level"].detail == "JLPT-N5 is below JLPT-N4"
    assert reasons["certificate:electronics_assembly"].detail == (
        "no electronics_assembly certificate"
    )
    assert reasons["desired_market"].detail == "did not ask for JP"


def test_a_level_on_another_scale_is_unmet_and_names_what_the_worker_has() -> None:
    worker = candidate(level="CEFR-B2")
    reason = by_requirement(worker_reasons(strict_order(), worker, TODAY))["language_level"]
    assert not reason.met
    assert reason.detail == "requires JLPT-N4; has no JLPT level (has CEFR-B2)"


def test_a_certificates_language_level_counts_too() -> None:
    report = WorkerTrained(
        worker_id="w-1",
        market=Market.JAPAN,
        language_level=None,
        certificates=[
            Certificate(
                number="JLPT-2025-1",
                course_id="ja-1",
                kind="language",
                issued_on=TODAY,
                language_level="N3",
            )
        ],
        trained_at=NOW,
    )
    worker = apply_candidate_event(candidate(level=None), "w-1", report, 1)
    reason = by_requirement(worker_reasons(strict_order(), worker, TODAY))["language_level"]
    assert reason.met
    assert reason.detail == "JLPT-N3 meets JLPT-N4"


def test_a_record_merged_into_another_is_not_matched_and_says_into_which() -> None:
    merge = WorkerMerged(worker_id="w-1", survivor_id="w-2", review_id="r-1", merged_at=NOW)
    duplicate = apply_candidate_event(candidate(), "w-1", merge, 3)
    active = by_requirement(worker_reasons(job_order(), duplicate, TODAY))["active"]
    assert (active.met, active.detail) == (False, "record merged into w-2")
    assert match_order(job_order(), [duplicate], TODAY) == []


def test_the_worker_must_be_trained_for_the_orders_country() -> None:
    worker = candidate(market=Market.KOREA, level="EPS-TOPIK")
    reasons = by_requirement(worker_reasons(job_order(), worker, TODAY))
    assert reasons["trained_for_market"].met is False
    assert reasons["trained_for_market"].detail == "not trained for JP"


def test_a_withdrawn_worker_or_one_not_yet_registered_does_not_fit() -> None:
    worker = candidate()
    gone = apply_candidate_event(
        worker, "w-1", WorkerWithdrawn(worker_id="w-1", reason="family", withdrawn_at=NOW), 2
    )
    assert by_requirement(worker_reasons(job_order(), gone, TODAY))["active"].met is False
    unknown = apply_candidate_event(None, "w-9", trained("w-9"), 1)
    reasons = by_requirement(worker_reasons(strict_order(), unknown, TODAY))
    assert reasons["registered"].met is False
    assert reasons["age"].detail == "date of birth unknown"
    assert reasons["gender"].detail == "requires female; gender unknown"


def test_an_order_without_requirements_checks_only_standing_and_training() -> None:
    reasons = worker_reasons(job_order(), candidate(level=None), TODAY)
    assert [r.requirement for r in reasons if r.required] == [
        "registered",
        "active",
        "at_home",
        "trained_for_market",
    ]


def test_matching_lists_only_fitting_workers_best_first() -> None:
    order = job_order(requirements={"language_level": "JLPT-N4"})
    workers = [
        candidate("w-low", level="JLPT-N5"),
        candidate("w-n4", level="JLPT-N4", trained_at=NOW - timedelta(days=90)),
        candidate("w-n4-later", level="JLPT-N4", trained_at=NOW - timedelta(days=10)),
        candidate("w-n2", level="JLPT-N2", markets=(), sectors=()),
        candidate("w-n3", level="JLPT-N3"),
    ]
    matches = match_order(order, workers, TODAY)
    # Preferences first (both met), then the stronger language, then who waited longest.
    assert [m.worker_id for m in matches] == ["w-n3", "w-n4", "w-n4-later", "w-n2"]
    assert [m.rank for m in matches] == [1, 2, 3, 4]
    assert all(m.fits for m in matches)
    assert matches[0].full_name == "Đinh Thị Linh"
    assert matches[0].preferences_met == 2
    assert matches[-1].preferences_met == 0


def test_near_misses_come_after_the_fits_fewest_unmet_first() -> None:
    order = strict_order()
    fitting = candidate("w-fit", certificates=("electronics_assembly",))
    one_off = candidate("w-one", level="JLPT-N4")
    two_off = candidate("w-two", level="JLPT-N5")
    matches = match_order(order, [two_off, fitting, one_off], TODAY, include_unfit=True)
    assert [(m.worker_id, m.fits) for m in matches] == [
        ("w-fit", True),
        ("w-one", False),
        ("w-two", False),
    ]
    assert [r.requirement for r in matches[2].reasons if r.required and not r.met] == [
        "language_level",
        "certificate:electronics_assembly",
    ]


def test_a_worker_sees_the_open_orders_they_fit_best_paid_first() -> None:
    sender = enterprise()
    worker = candidate(level="JLPT-N4")
    cheap = job_order("jo-cheap", sender)
    rich = job_order(
        "jo-rich",
        sender,
        salary={"amount": 250000, "currency": "JPY", "vnd_equivalent": 42_500_000},
    )
    other_sector = job_order(
        "jo-food",
        sender,
        sector="food_processing",
        salary={"amount": 300000, "currency": "JPY", "vnd_equivalent": 51_000_000},
    )
    too_hard = job_order("jo-n2", sender, requirements={"language_level": "JLPT-N2"})
    korea = job_order("jo-kr", sender, country="KR")
    full = take_position(job_order("jo-full", sender, positions=1))
    closed, _ = close_job_order(job_order("jo-closed", sender), JobOrderCloseReason.WITHDRAWN, NOW)
    offers = [(o, sender) for o in (cheap, rich, other_sector, too_hard, korea, full, closed)]

    matches = match_worker(worker, offers, TODAY)
    # Wanted sector first, then the higher salary.
    assert [m.job_order_id for m in matches] == ["jo-rich", "jo-cheap", "jo-food"]
    assert {r.requirement: r.met for r in matches[2].reasons}["desired_sector"] is False

    everything = {m.job_order_id: m for m in match_worker(worker, offers, TODAY, True)}
    unmet = {
        order_id: [r.requirement for r in m.reasons if r.required and not r.met]
        for order_id, m in everything.items()
    }
    assert unmet["jo-n2"] == ["language_level"]
    assert unmet["jo-kr"] == ["trained_for_market"]
    assert unmet["jo-full"] == ["positions_left"]
    assert unmet["jo-closed"] == ["order_recruiting"]
    assert by_reason(everything["jo-full"].reasons, "positions_left") == "0 of 1 positions left"


def by_reason(reasons: list[Reason], requirement: str) -> str:
    return next(r.detail for r in reasons if r.requirement == requirement)


def test_orders_of_a_suspended_sender_are_not_offered() -> None:
    suspended, _ = suspend_licence(enterprise(), "inspection", TODAY, NOW)
    order = job_order()
    assert match_worker(candidate(), [(order, suspended)], TODAY) == []
    [match] = match_worker(candidate(), [(order, suspended)], TODAY, include_unfit=True)
    assert by_reason(match.reasons, "enterprise_licence") == (
        "licence 123/LĐTBXH-GP suspended since 2025-12-02: inspection"
    )


def test_orders_past_their_deadline_are_not_offered() -> None:
    order = job_order(deadline="2026-01-31")
    assert match_worker(candidate(), [(order, enterprise())], date(2026, 2, 1)) == []


LEVELS = ["JLPT-N5", "JLPT-N4", "JLPT-N3", "JLPT-N2", "JLPT-N1", "CEFR-B1", None]


@st.composite
def pools(draw: st.DrawFn) -> list[Candidate]:
    size = draw(st.integers(0, 8))
    return [
        candidate(
            f"w-{i}",
            level=draw(st.sampled_from(LEVELS)),
            gender=draw(st.sampled_from(list(Gender))),
            born=date(draw(st.integers(1980, 2006)), 6, 1),
            market=draw(st.sampled_from([Market.JAPAN, Market.KOREA])),
            sectors=tuple(draw(st.sets(st.sampled_from([Sector.ELECTRONICS, Sector.NURSING])))),
            trained_at=NOW - timedelta(days=draw(st.integers(0, 300))),
        )
        for i in range(size)
    ]


@given(pools(), st.sampled_from(LEVELS), st.sampled_from([None, "male", "female"]))
def test_matches_are_exactly_the_fitting_workers_ranked_fit_first(
    pool: list[Candidate], level: str | None, gender: str | None
) -> None:
    order = job_order(
        requirements={"language_level": level, "gender": gender, "min_age": 20, "max_age": 35}
    )
    fitting = match_order(order, pool, TODAY)
    every = match_order(order, list(reversed(pool)), TODAY, include_unfit=True)
    assert {m.worker_id for m in fitting} == {
        w.worker_id for w in pool if fits(worker_reasons(order, w, TODAY))
    }
    assert [m.worker_id for m in every][: len(fitting)] == [m.worker_id for m in fitting]
    assert all(m.fits for m in fitting)
    assert not any(m.fits for m in every[len(fitting) :])
    for match in every:
        assert match.fits == all(r.met for r in match.reasons if r.required)
        assert {"registered", "active", "at_home", "trained_for_market", "age"} <= {
            r.requirement for r in match.reasons
        }
