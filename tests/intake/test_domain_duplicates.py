"""Likely duplicates: flagging, officers' decisions, merging."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from services.intake.domain.duplicates import (
    DecideReview,
    Decision,
    DuplicateReview,
    ReviewStatus,
    decide_review,
    flag_duplicates,
    merge_workers,
    older_record,
    review_id,
)
from services.intake.domain.worker import IllegalTransitionError, WorkerStatus
from shared.errors import ConflictError, FieldError
from tests.intake.samples import NOW, cccd, registered

LATER = NOW + timedelta(hours=2)
REVIEWER = "cb-centre-quangngai-05"


def pending(a: str = "w-a", b: str = "w-b") -> DuplicateReview:
    [review] = flag_duplicates(a, "dinh thi linh|1999-04-12|21307", [b], set(), now=NOW)
    return review


def test_pair_id_ignores_order() -> None:
    assert review_id("w-a", "w-b") == review_id("w-b", "w-a") == "w-a~w-b"


def test_same_key_records_are_flagged_once_each() -> None:
    reviews = flag_duplicates(
        "w-new", "k", ["w-old-1", "w-old-2", "w-old-1", "w-new"], set(), now=NOW
    )
    assert [r.review_id for r in reviews] == ["w-new~w-old-1", "w-new~w-old-2"]
    assert all(r.status is ReviewStatus.PENDING for r in reviews)
    assert reviews[0].worker_ids == ["w-new", "w-old-1"]
    assert reviews[0].flagged_at == NOW


def test_a_known_pair_is_not_flagged_again() -> None:
    known = {review_id("w-new", "w-old-1")}
    reviews = flag_duplicates("w-new", "k", ["w-old-1", "w-old-2"], known, now=NOW)
    assert [r.review_id for r in reviews] == ["w-new~w-old-2"]


def test_different_people_is_remembered_with_reason() -> None:
    review = decide_review(
        pending(),
        DecideReview(
            decision=Decision.DIFFERENT_PEOPLE,
            reason="twins: same birth date, checked the household book",
            decided_by=REVIEWER,
        ),
        now=LATER,
    )
    assert review.status is ReviewStatus.DIFFERENT_PEOPLE
    assert review.decided_by == REVIEWER
    assert review.decided_at == LATER
    assert review.reason == "twins: same birth date, checked the household book"
    assert review.survivor_id is None
    assert flag_duplicates("w-a", "k", ["w-b"], {review.review_id}, now=LATER) == []


def test_same_person_defaults_to_the_first_id_and_accepts_a_chosen_survivor() -> None:
    decided = decide_review(
        pending(),
        DecideReview(decision=Decision.SAME_PERSON, reason="CCCD mistyped", decided_by=REVIEWER),
        now=LATER,
    )
    assert decided.survivor_id == "w-a"
    chosen = decide_review(
        pending(),
        DecideReview(
            decision=Decision.SAME_PERSON,
            reason="CCCD mistyped",
            decided_by=REVIEWER,
            survivor_id="w-b",
        ),
        now=LATER,
    )
    assert chosen.survivor_id == "w-b"


def test_survivor_must_be_in_the_pair() -> None:
    with pytest.raises(FieldError) as refused:
        decide_review(
            pending(),
            DecideReview(
                decision=Decision.SAME_PERSON, reason="r", decided_by=REVIEWER, survivor_id="w-c"
            ),
            now=LATER,
        )
    assert refused.value.field == "survivor_id"


def test_survivor_only_for_same_person() -> None:
    with pytest.raises(FieldError):
        decide_review(
            pending(),
            DecideReview(
                decision=Decision.DIFFERENT_PEOPLE,
                reason="r",
                decided_by=REVIEWER,
                survivor_id="w-a",
            ),
            now=LATER,
        )


def test_a_decision_needs_a_reason() -> None:
    with pytest.raises(ValidationError):
        DecideReview(decision=Decision.SAME_PERSON, reason=" ", decided_by=REVIEWER)


@given(st.sampled_from(list(Decision)), st.sampled_from(list(Decision)))
def test_a_review_is_decided_once(first: Decision, second: Decision) -> None:
    decided = decide_review(
        pending(), DecideReview(decision=first, reason="r", decided_by=REVIEWER), now=LATER
    )
    with pytest.raises(IllegalTransitionError):
        decide_review(
            decided, DecideReview(decision=second, reason="r2", decided_by=REVIEWER), now=LATER
        )


def _pair() -> tuple:
    older = registered("w-a")
    newer = registered(
        "w-b", now=NOW + timedelta(days=2), national_id=cccd("1999-04-12", "female", serial=654321)
    )
    return older, newer


def test_merge_keeps_the_survivor_and_points_the_other_to_it() -> None:
    older, newer = _pair()
    assert older_record(newer, older) is older
    review = decide_review(
        pending(),
        DecideReview(decision=Decision.SAME_PERSON, reason="CCCD typo", decided_by=REVIEWER),
        now=LATER,
    )
    survivor, merged, [event] = merge_workers(older, newer, review=review, now=LATER)
    assert survivor.status is WorkerStatus.REGISTERED
    assert survivor.merged_from == ["w-b"]
    assert survivor.full_name == older.full_name
    assert survivor.revisions == older.revisions
    assert merged.status is WorkerStatus.MERGED
    assert merged.merged_into == "w-a"
    assert merged.national_id == newer.national_id  # its own record and history are kept
    assert merged.status_history[-1].reason == "CCCD typo"
    assert merged.status_history[-1].by == REVIEWER
    assert (event.worker_id, event.survivor_id, event.review_id) == ("w-b", "w-a", "w-a~w-b")


def test_merge_needs_a_same_person_decision_about_these_records() -> None:
    older, newer = _pair()
    undecided = pending()
    with pytest.raises(ConflictError):
        merge_workers(older, newer, review=undecided, now=LATER)
    different = decide_review(
        pending(),
        DecideReview(decision=Decision.DIFFERENT_PEOPLE, reason="r", decided_by=REVIEWER),
        now=LATER,
    )
    with pytest.raises(ConflictError):
        merge_workers(older, newer, review=different, now=LATER)
    other_pair = decide_review(
        pending("w-a", "w-c"),
        DecideReview(decision=Decision.SAME_PERSON, reason="r", decided_by=REVIEWER),
        now=LATER,
    )
    with pytest.raises(ConflictError):
        merge_workers(older, newer, review=other_pair, now=LATER)


def test_a_merged_record_cannot_merge_again() -> None:
    older, newer = _pair()
    review = decide_review(
        pending(),
        DecideReview(decision=Decision.SAME_PERSON, reason="r", decided_by=REVIEWER),
        now=LATER,
    )
    _, merged, _ = merge_workers(older, newer, review=review, now=LATER)
    with pytest.raises(IllegalTransitionError):
        merge_workers(older, merged, review=review, now=LATER)
    flipped = review.model_copy(update={"survivor_id": "w-b"})
    with pytest.raises(ConflictError):
        merge_workers(merged, older, review=flipped, now=LATER)
