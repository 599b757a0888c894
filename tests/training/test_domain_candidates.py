"""Training's candidate view folded from intake's events: rules, and order independence."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.training.domain import CandidateView, ForeignEventError, project_candidate
from services.training.domain.candidates import IntakeEvent
from shared.contracts.common import HouseholdStatus
from shared.contracts.intake import (
    WorkerCorrected,
    WorkerMerged,
    WorkerRegistered,
    WorkerReopened,
    WorkerWithdrawn,
)
from tests.training.builders import (
    NOW,
    PHONE,
    corrected,
    merged,
    registered,
    reopened,
    withdrawn,
)

Fact = tuple[IntakeEvent, str, int]  # (payload, event id, sequence)


def fold(facts: list[Fact]) -> CandidateView | None:
    view = None
    for payload, event_id, sequence in facts:
        view = project_candidate(
            view, payload, event_id=event_id, sequence=sequence, time=NOW + timedelta(sequence)
        )
    return view


def history(*payloads: IntakeEvent) -> list[Fact]:
    return [(p, f"e-{n}", n) for n, p in enumerate(payloads, start=1)]


def test_a_registration_makes_an_active_candidate_with_their_support() -> None:
    view = fold(history(registered(eligible=True)))

    assert view is not None
    assert view.registered
    assert view.active
    assert not view.withdrawn
    assert view.training_cost_support is True
    assert view.registered_at == NOW
    assert view.profile is not None
    assert view.profile.household_status is HouseholdStatus.POOR


def test_a_registration_without_support_eligibility_is_not_supported() -> None:
    view = fold(history(registered(eligible=False)))

    assert view is not None
    assert view.training_cost_support is False


def test_the_view_keeps_no_phone_or_family_contact() -> None:
    view = fold(history(registered(), corrected()))

    assert view is not None
    stored = view.model_dump_json()
    assert PHONE not in stored
    assert "family_contact" not in stored
    assert "phone" not in stored


def test_a_withdrawal_after_registration_withdraws() -> None:
    view = fold(history(registered(), withdrawn()))

    assert view is not None
    assert view.withdrawn
    assert view.registered
    assert not view.active


def test_a_withdrawal_read_before_the_registration_still_withdraws() -> None:
    events = history(registered(), withdrawn())

    view = fold(list(reversed(events)))

    assert view is not None
    assert view.withdrawn
    assert view.registered
    assert not view.active


def test_a_withdrawal_alone_is_known_but_not_registered() -> None:
    view = fold([(withdrawn(), "e-2", 2)])

    assert view is not None
    assert view.withdrawn
    assert not view.registered
    assert not view.active
    assert view.training_cost_support is False


def test_a_reopened_case_is_active_again_in_either_arrival_order() -> None:
    events = history(registered(), withdrawn(), reopened())

    in_order = fold(events)
    reversed_order = fold(list(reversed(events)))

    assert in_order is not None
    assert in_order.active
    assert reversed_order == in_order


def test_a_correction_read_before_the_registration_keeps_the_corrected_profile() -> None:
    events = history(registered(eligible=True), corrected(eligible=False))

    view = fold(list(reversed(events)))

    assert view is not None
    assert view.profile is not None
    assert view.profile.full_name == "Đinh Thị Lính"
    assert view.profile.household_status is HouseholdStatus.OTHER
    assert view.training_cost_support is False
    assert view.registered_at == NOW


def test_a_correction_changes_support_eligibility() -> None:
    view = fold(history(registered(eligible=False), corrected(eligible=True)))

    assert view is not None
    assert view.training_cost_support is True


def test_the_same_event_twice_changes_nothing() -> None:
    events = history(registered(), withdrawn())

    assert fold([*events, *events]) == fold(events)


def test_equal_sequences_fall_back_to_event_time() -> None:
    # Events from a producer that set no sequence (0) are ordered by their time.
    early, late = NOW, NOW + timedelta(minutes=5)
    view = project_candidate(None, reopened(), event_id="b", sequence=0, time=late)
    view = project_candidate(view, withdrawn(), event_id="a", sequence=0, time=early)

    assert view.withdrawn is False


def test_a_merged_record_stops_being_a_candidate_whatever_comes_after() -> None:
    events = history(registered(), merged(), reopened())

    for order in (events, list(reversed(events))):
        view = fold(order)
        assert view is not None
        assert view.merged_into == "w-survivor"
        assert view.registered
        assert not view.active


def test_an_event_about_another_worker_is_refused() -> None:
    view = fold(history(registered()))

    with pytest.raises(ForeignEventError):
        project_candidate(view, withdrawn("w-other"), event_id="x", sequence=9, time=NOW)


# -- order independence ---------------------------------------------------------------------

later_event = st.one_of(
    st.builds(
        lambda revision, eligible, household: corrected(
            revision=revision, eligible=eligible, household=household, full_name=f"Tên {revision}"
        ),
        st.integers(1, 50),
        st.booleans(),
        st.sampled_from(HouseholdStatus),
    ),
    st.just(withdrawn()),
    st.just(reopened()),
    st.just(merged()),
)


@st.composite
def histories(draw: st.DrawFn) -> list[Fact]:
    """A worker's intake history: a registration then corrections, withdrawals, reopenings."""
    first = registered(eligible=draw(st.booleans()))
    return history(first, *draw(st.lists(later_event, max_size=12)))


@settings(max_examples=300)
@given(histories(), st.randoms(use_true_random=False))
def test_every_arrival_order_folds_to_the_same_view(
    events: list[Fact], shuffler: random.Random
) -> None:
    shuffled = list(events)
    shuffler.shuffle(shuffled)
    duplicated = shuffled + shuffler.sample(events, k=len(events) // 2)

    assert fold(duplicated) == fold(events)


@given(histories(), st.data())
def test_every_permutation_agrees_with_the_last_event_of_each_kind(
    events: list[Fact], data: st.DataObject
) -> None:
    permutation = data.draw(st.permutations(events))

    view = fold(list(permutation))

    assert view is not None
    statuses = [p for p, _, _ in events if isinstance(p, WorkerWithdrawn | WorkerReopened)]
    merges = [p for p, _, _ in events if isinstance(p, WorkerMerged)]
    profiles = [p for p, _, _ in events if isinstance(p, WorkerRegistered | WorkerCorrected)]
    latest_profile = profiles[-1]
    assert view.profile is not None
    assert view.profile.full_name == latest_profile.full_name
    assert view.training_cost_support is latest_profile.support.training_cost_support
    assert view.withdrawn is (bool(statuses) and isinstance(statuses[-1], WorkerWithdrawn))
    assert (view.merged_into is not None) is bool(merges)
    assert view.active is (not view.withdrawn and not merges)
