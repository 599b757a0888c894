"""The candidates view: folded from intake's and training's events, the same in any order."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.deployment.domain import (
    Candidate,
    NotACandidateEventError,
    apply_candidate_event,
    contract_end_change,
)
from services.deployment.domain.matching import worker_reasons
from services.deployment.domain.placements import blocked_reason
from shared.contracts.aftercare import (
    ContractExtended,
    FamilySupport,
    MissingKind,
    RepatriationArrangement,
    RepatriationPlan,
    ReturnReason,
    WorkerContactResumed,
    WorkerDiedAbroad,
    WorkerReportedMissing,
    WorkerReturned,
)
from shared.contracts.common import Gender, HouseholdStatus, Market, Sector
from shared.contracts.deployment import JobOrderClosed, JobOrderCloseReason, WorkerDeparted
from shared.contracts.intake import (
    SupportEligibility,
    WorkerCorrected,
    WorkerMerged,
    WorkerReopened,
    WorkerWithdrawn,
)
from shared.events.catalogue import EventPayload
from tests.deployment.builders import (
    NOW,
    SON_LA,
    TODAY,
    enterprise,
    job_order,
    placement_at,
    registered,
    trained,
)

Sequenced = tuple[EventPayload, int]


def fold(events: list[Sequenced], worker_id: str = "w-1") -> Candidate | None:
    view: Candidate | None = None
    for payload, sequence in events:
        view = apply_candidate_event(view, worker_id, payload, sequence)
    return view


def corrected(revision: int, full_name: str, gender: Gender = Gender.FEMALE) -> WorkerCorrected:
    return WorkerCorrected(
        worker_id="w-1",
        revision=revision,
        changed_fields=["full_name"],
        full_name=full_name,
        date_of_birth=date(1999, 4, 12),
        gender=gender,
        ethnic_minority=True,
        household_status=HouseholdStatus.NEAR_POOR,
        locality=SON_LA,
        desired_markets=[Market.JAPAN, Market.KOREA],
        desired_sectors=[Sector.ELECTRONICS],
        support=SupportEligibility(
            subproject2=True, training_cost_support=True, preferential_loan=False
        ),
        phone="0912345678",
        corrected_by="officer-7",
        corrected_at=NOW - timedelta(days=100 - revision),
    )


def withdrawn(day: int) -> WorkerWithdrawn:
    return WorkerWithdrawn(
        worker_id="w-1", reason="family", withdrawn_at=NOW - timedelta(days=60 - day)
    )


def reopened(day: int) -> WorkerReopened:
    return WorkerReopened(worker_id="w-1", reopened_at=NOW - timedelta(days=60 - day))


def departed(at: datetime) -> WorkerDeparted:
    return WorkerDeparted(
        worker_id="w-1",
        placement_id="pl-1",
        country=Market.JAPAN,
        employer="Shizuoka Denshi K.K.",
        sector=Sector.ELECTRONICS,
        enterprise_id="ent-1",
        job_order_id="jo-1",
        contract_start=date(2026, 1, 15),
        contract_end=date(2029, 1, 15),
        monthly_salary=180000,
        salary_currency="JPY",
        monthly_salary_vnd=30_600_000,
        departed_at=at,
    )


def extended(new_end: date, days_after: int, placement_id: str = "pl-1") -> ContractExtended:
    return ContractExtended(
        worker_id="w-1",
        placement_id=placement_id,
        previous_end=date(2029, 1, 15),
        new_end=new_end,
        extended_by="officer-3",
        extended_at=NOW + timedelta(days=days_after),
    )


def merged(survivor: str, days_after: int) -> WorkerMerged:
    return WorkerMerged(
        worker_id="w-1",
        survivor_id=survivor,
        review_id="review-1",
        merged_at=NOW + timedelta(days=days_after),
    )


def returned(on: date) -> WorkerReturned:
    return WorkerReturned(
        worker_id="w-1",
        returned_on=on,
        reason=ReturnReason.CONTRACT_COMPLETED,
        recorded_at=datetime(on.year, on.month, on.day, 12, tzinfo=NOW.tzinfo),
    )


def test_a_registration_gives_the_profile_without_phone_or_family_contact() -> None:
    view = fold([(registered(), 1)])
    assert view is not None
    assert view.profile is not None
    assert view.profile.full_name == "Đinh Thị Linh"
    assert view.profile.gender is Gender.FEMALE
    assert view.profile.desired_markets == [Market.JAPAN]
    assert view.ethnicity == "Thái"
    assert view.registered_at == registered().registered_at
    stored = view.model_dump_json()
    assert "0912345678" not in stored
    assert "phone" not in stored
    assert "family" not in stored


def test_a_correction_replaces_the_profile_but_an_older_one_does_not() -> None:
    view = fold([(registered(), 1), (corrected(2, "Đinh Thị Lĩnh"), 3)])
    assert view is not None
    assert view.profile is not None
    assert view.profile.full_name == "Đinh Thị Lĩnh"
    assert view.profile.household_status is HouseholdStatus.NEAR_POOR
    late = fold([(corrected(2, "Đinh Thị Lĩnh"), 3), (registered(), 1)])
    assert late is not None
    assert late.profile == view.profile
    assert late.ethnicity == "Thái"  # registration-only facts still arrive late


def test_withdrawal_and_reopening_follow_intakes_sequence_not_arrival() -> None:
    assert fold([(withdrawn(1), 2), (reopened(2), 3)]).withdrawn is False  # type: ignore[union-attr]
    assert fold([(reopened(2), 3), (withdrawn(1), 2)]).withdrawn is False  # type: ignore[union-attr]
    assert fold([(reopened(2), 3), (withdrawn(3), 4)]).withdrawn is True  # type: ignore[union-attr]


def test_training_is_kept_per_market_and_the_newest_report_wins() -> None:
    early = trained(market=Market.JAPAN, level="JLPT-N5", at=NOW - timedelta(days=90))
    later = trained(market=Market.JAPAN, level="JLPT-N3", at=NOW - timedelta(days=10))
    korea = trained(market=Market.KOREA, level="EPS-TOPIK", certificates=("welding",))
    for order in ([early, later, korea], [korea, later, early]):
        view = fold([(event, 1) for event in order])
        assert view is not None
        assert set(view.training) == {"JP", "KR"}
        assert view.training["JP"].language_level == "JLPT-N3"
        assert [level.code for level in view.levels_for(Market.KOREA)] == ["EPS-TOPIK"]
        assert view.certificate_kinds() == {"welding"}


def test_training_may_arrive_before_registration() -> None:
    view = fold([(trained(), 1)])
    assert view is not None
    assert view.profile is None
    assert "JP" in view.training
    view = fold([(trained(), 1), (registered(), 1)])
    assert view is not None
    assert view.profile is not None


def test_a_departure_puts_the_worker_abroad_until_they_return() -> None:
    left = NOW - timedelta(days=400)
    view = fold([(registered(), 1), (departed(left), 1)])
    assert view is not None
    assert view.abroad
    view = fold([(returned(TODAY), 1), (registered(), 1), (departed(left), 1)])
    assert view is not None
    assert not view.abroad
    # A second journey after coming home puts them abroad again.
    view = fold(
        [(returned(TODAY - timedelta(days=30)), 1), (departed(left), 1), (departed(NOW), 1)]
    )
    assert view is not None
    assert view.abroad


def test_age_is_counted_in_whole_years_on_the_day_given() -> None:
    view = fold([(registered(born=date(2000, 12, 3)), 1)])
    assert view is not None
    assert view.age_on(date(2025, 12, 2)) == 24
    assert view.age_on(date(2025, 12, 3)) == 25
    assert Candidate(worker_id="w-2").age_on(TODAY) is None


def test_an_event_the_view_does_not_read_is_refused_by_type() -> None:
    closed = JobOrderClosed(
        job_order_id="jo-1",
        enterprise_id="ent-1",
        reason=JobOrderCloseReason.FILLED,
        positions=1,
        filled=1,
        closed_at=NOW,
    )
    with pytest.raises(NotACandidateEventError, match=r"job-order\.closed"):
        apply_candidate_event(None, "w-1", closed, 1)


# Every fact intake, training, deployment and aftercare can report about one worker.
HISTORY: list[Sequenced] = [
    (registered(), 1),
    (corrected(1, "Đinh Thị Lĩnh"), 2),
    (withdrawn(5), 3),
    (corrected(2, "Đinh Thị Linh", gender=Gender.FEMALE), 4),
    (reopened(9), 5),
    (withdrawn(20), 6),
    (reopened(21), 7),
    (trained(market=Market.JAPAN, level="JLPT-N4", at=NOW - timedelta(days=50)), 1),
    (trained(market=Market.JAPAN, level="JLPT-N3", at=NOW - timedelta(days=20)), 1),
    (trained(market=Market.JAPAN, level="JLPT-N2", at=NOW - timedelta(days=20)), 1),
    (trained(market=Market.KOREA, level="EPS-TOPIK", certificates=("welding",)), 1),
    (departed(NOW - timedelta(days=3)), 1),
    (returned(TODAY - timedelta(days=1)), 1),
    (extended(date(2030, 1, 15), days_after=700), 1),
    (extended(date(2030, 7, 15), days_after=900), 1),
    (extended(date(2029, 7, 15), days_after=800), 1),
    (merged("w-9", days_after=1), 8),
    (merged("w-7", days_after=2), 9),
]


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(range(len(HISTORY))), min_size=1, max_size=20).flatmap(
        lambda picks: st.tuples(st.just(picks), st.permutations(picks))
    )
)
def test_the_view_is_the_same_whatever_the_order_and_duplicates(
    orders: tuple[list[int], list[int]],
) -> None:
    first, second = orders
    assert fold([HISTORY[i] for i in first]) == fold([HISTORY[i] for i in second])


@given(st.permutations(range(len(HISTORY))))
def test_the_full_history_in_any_order_ends_in_the_one_true_view(order: list[int]) -> None:
    view = fold([HISTORY[i] for i in order])
    assert view is not None
    assert view.profile is not None
    assert view.profile.full_name == "Đinh Thị Linh"
    assert view.profile_sequence == 4
    assert view.withdrawn is False
    # N3 and N2 were reported at the same instant: ordered by content, the same every time.
    assert view.training["JP"].language_level == "JLPT-N3"
    assert view.training["KR"].language_level == "EPS-TOPIK"
    assert view.abroad is False
    assert view.contracts["pl-1"].contract_end == date(2030, 7, 15)  # the latest report
    assert view.contracts["pl-1"].original_end == date(2029, 1, 15)
    assert view.merged_into == "w-7"  # the later merge


@given(st.lists(st.sampled_from(range(len(HISTORY))), min_size=1, max_size=15))
def test_applying_an_event_again_changes_nothing(picks: list[int]) -> None:
    view = fold([HISTORY[i] for i in picks])
    for i in picks:
        payload, sequence = HISTORY[i]
        assert apply_candidate_event(view, "w-1", payload, sequence) == view


def test_a_departure_records_the_contract_and_an_extension_moves_its_end() -> None:
    view = fold([(departed(NOW), 1)])
    assert view is not None
    contract = view.contracts["pl-1"]
    assert (contract.contract_start, contract.contract_end) == (
        date(2026, 1, 15),
        date(2029, 1, 15),
    )
    after = apply_candidate_event(view, "w-1", extended(date(2030, 1, 15), days_after=700), 1)
    assert after.contracts["pl-1"].contract_end == date(2030, 1, 15)
    event = contract_end_change(view, after, "pl-1")
    assert event is not None
    assert (event.previous_end, event.contract_end) == (date(2029, 1, 15), date(2030, 1, 15))
    assert (event.job_order_id, event.enterprise_id, event.country) == ("jo-1", "ent-1", "JP")
    assert event.reported_at == NOW + timedelta(days=700)


def test_an_older_or_repeated_extension_changes_nothing_and_says_nothing() -> None:
    view = fold([(departed(NOW), 1), (extended(date(2030, 1, 15), days_after=700), 1)])
    assert view is not None
    for report in (
        extended(date(2029, 7, 15), days_after=600),
        extended(date(2030, 1, 15), days_after=700),
    ):
        again = apply_candidate_event(view, "w-1", report, 1)
        assert again == view
        assert contract_end_change(view, again, "pl-1") is None


def test_an_extension_before_the_departure_is_announced_when_the_departure_arrives() -> None:
    early = fold([(extended(date(2030, 1, 15), days_after=700), 1)])
    assert early is not None
    assert contract_end_change(None, early, "pl-1") is None  # nothing to say without terms
    complete = apply_candidate_event(early, "w-1", departed(NOW), 1)
    assert complete.contracts["pl-1"].contract_end == date(2030, 1, 15)
    event = contract_end_change(early, complete, "pl-1")
    assert event is not None
    assert (event.previous_end, event.contract_end) == (date(2029, 1, 15), date(2030, 1, 15))


def test_a_placement_id_that_cannot_be_a_key_is_refused() -> None:
    with pytest.raises(NotACandidateEventError, match="placement id"):
        apply_candidate_event(None, "w-1", extended(date(2030, 1, 1), 1, placement_id="a.b"), 1)


def _missing(days_after: int) -> WorkerReportedMissing:
    return WorkerReportedMissing(
        worker_id="w-1",
        placement_id="pl-1",
        kind=MissingKind.ABSCONDED,
        last_contact_at=NOW + timedelta(days=days_after - 10),
        steps_taken=["called the employer"],
        reported_by="officer-3",
        reported_at=NOW + timedelta(days=days_after),
    )


def _found(days_after: int) -> WorkerContactResumed:
    return WorkerContactResumed(
        worker_id="w-1",
        placement_id="pl-1",
        contacted_at=NOW + timedelta(days=days_after),
        recorded_by="officer-3",
        recorded_at=NOW + timedelta(days=days_after),
    )


def _died(on: date) -> WorkerDiedAbroad:
    return WorkerDiedAbroad(
        worker_id="w-1",
        placement_id="pl-1",
        died_on=on,
        repatriation=RepatriationPlan(arrangement=RepatriationArrangement.REMAINS),
        family_support=[FamilySupport.INSURANCE_CLAIM],
        recorded_by="officer-3",
        recorded_at=NOW + timedelta(days=200),
    )


HARD_CASES: list[Sequenced] = [
    (registered("w-1"), 1),
    (departed(NOW), 1),
    (_missing(30), 1),
    (_found(40), 1),
    (_missing(60), 1),
    (_died(date(2026, 6, 1)), 1),
]


@given(st.permutations(range(len(HARD_CASES))))
def test_missing_found_and_death_fold_the_same_in_any_order(order: list[int]) -> None:
    view = fold([HARD_CASES[i] for i in order])
    assert view is not None
    assert view.died_on == date(2026, 6, 1)
    assert (view.abroad, view.missing) == (False, False)  # a death ends both
    assert view.missing_since == NOW + timedelta(days=50)
    alive = fold([HARD_CASES[i] for i in order if i != 5])
    assert alive is not None
    assert (alive.abroad, alive.missing) == (True, True)  # missing again after being found
    found = fold(HARD_CASES[:4])
    assert found is not None
    assert (found.abroad, found.missing) == (True, False)


def test_a_worker_who_died_abroad_is_never_matched_and_blocks_open_placements() -> None:
    view = fold([*HARD_CASES, (trained("w-1"), 1)])
    assert view is not None
    active = next(r for r in worker_reasons(job_order(), view, TODAY) if r.requirement == "active")
    assert (active.met, active.detail) == (False, "died abroad on 2026-06-01")
    placement = placement_at("selected")
    reason = blocked_reason(
        placement, enterprise=enterprise(), order=job_order(), today=TODAY, candidate=view
    )
    assert reason == "worker died abroad on 2026-06-01"
