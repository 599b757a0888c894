"""Likely duplicates: flagging, officers' decisions, merging."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from services.intake.domain.duplicates import (
    MAX_MEMBERS,
    DecideReview,
    Decision,
    DuplicateReview,
    ReviewStatus,
    decide_review,
    group_of,
    merge_workers,
    older_record,
    open_review,
)
from services.intake.domain.likeness import twin_key
from services.intake.domain.worker import IllegalTransitionError, WorkerStatus
from shared.errors import ConflictError, FieldError
from shared.privacy.lookup import KeyedHash
from tests.intake.samples import NOW, cccd, registered

LATER = NOW + timedelta(hours=2)
REVIEWER = "cb-centre-quangngai-05"


KEY = "dinh thi linh|1999-04-12|21307"
KEYED = KeyedHash(b"the likeness lookup key of a test")


def pending(a: str = "w-a", b: str = "w-b", *more: str) -> DuplicateReview:
    """A group's first review: ``a`` (and ``more``) registered before ``b``."""
    return open_review(b, KEY, [a, *more], round_=1, now=NOW, keyed=KEYED)


def test_a_group_id_hides_the_key_and_names_its_reviews() -> None:
    review = pending()
    assert review.group == group_of(KEY, KEYED)
    assert "linh" not in review.group
    assert "1999" not in review.group
    assert review.review_id == f"{group_of(KEY, KEYED)}~1"
    second = open_review("w-c", KEY, ["w-a"], round_=2, now=NOW, keyed=KEYED)
    assert second.review_id.endswith("~2")
    assert group_of("another|1999-04-12|21307", KEYED) != review.group


def test_a_guessed_person_cannot_be_tested_against_a_group_or_twin_key() -> None:
    """Group ids and twin keys are keyed hashes: whoever guesses the name, birth date and
    place but holds no key computes none of them; another key gives other ids."""
    guesses = [hashlib.sha256(text.encode()).hexdigest()[:24] for text in (KEY, f"group\n{KEY}")]
    assert group_of(KEY, KEYED) not in guesses
    assert group_of(KEY, KeyedHash(b"another key" * 3)) != group_of(KEY, KEYED)
    likeness = registered("w-a").likeness()
    twin = twin_key(likeness, KEYED)
    parts = "|".join([likeness.name_folded, likeness.date_of_birth.isoformat(),
                      likeness.locality.province_code, likeness.locality.commune_code,
                      likeness.gender.value])  # fmt: skip
    assert twin not in (hashlib.sha256(parts.encode()).hexdigest()[:24], parts)
    assert twin == twin_key(likeness, KEYED) != twin_key(likeness, KeyedHash(b"x" * 32))


def test_one_review_lists_the_group_the_oldest_first() -> None:
    review = open_review(
        "w-new", "k", ["w-old-1", "w-old-2", "w-old-1", "w-new"], round_=1, now=NOW, keyed=KEYED
    )
    assert review.worker_ids == ["w-old-1", "w-old-2", "w-new"]
    assert review.status is ReviewStatus.PENDING
    assert review.flagged_at == NOW


def test_a_review_lists_at_most_max_members_and_always_the_new_record() -> None:
    others = [f"w-{n:03d}" for n in range(MAX_MEMBERS + 10)]
    review = open_review("w-new", "k", others, round_=1, now=NOW, keyed=KEYED)
    assert len(review.worker_ids) == MAX_MEMBERS
    assert review.worker_ids[-1] == "w-new"


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
    assert review.merging == []


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


def test_same_person_merges_the_members_named_or_every_other() -> None:
    group = pending("w-a", "w-c", "w-b")
    assert group.worker_ids == ["w-a", "w-b", "w-c"]
    every = decide_review(
        group,
        DecideReview(decision=Decision.SAME_PERSON, reason="r", decided_by=REVIEWER),
        now=LATER,
    )
    assert (every.survivor_id, every.merging) == ("w-a", ["w-b", "w-c"])
    named = decide_review(
        group,
        DecideReview(
            decision=Decision.SAME_PERSON,
            reason="w-c is a typo of w-a; w-b is her twin",
            decided_by=REVIEWER,
            merged_ids=["w-c"],
        ),
        now=LATER,
    )
    assert (named.survivor_id, named.merging) == ("w-a", ["w-c"])
    for wrong in (["w-a"], ["w-x"]):
        with pytest.raises(FieldError) as refused:
            decide_review(
                group,
                DecideReview(
                    decision=Decision.SAME_PERSON, reason="r", decided_by=REVIEWER, merged_ids=wrong
                ),
                now=LATER,
            )
        assert refused.value.field == "merged_ids"
    with pytest.raises(FieldError):
        decide_review(
            group,
            DecideReview(
                decision=Decision.DIFFERENT_PEOPLE,
                reason="r",
                decided_by=REVIEWER,
                merged_ids=["w-b"],
            ),
            now=LATER,
        )


def test_a_review_stored_before_groups_merges_its_other_record() -> None:
    stored = {
        "review_id": "w-a~w-b", "worker_ids": ["w-a", "w-b"], "duplicate_key": KEY,
        "flagged_at": NOW, "status": "same_person", "survivor_id": "w-a",
    }  # fmt: skip
    assert DuplicateReview.model_validate(stored).merging == ["w-b"]


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
    assert (event.worker_id, event.survivor_id) == ("w-b", "w-a")
    assert event.review_id == review.review_id


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
