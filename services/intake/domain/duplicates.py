"""Likely duplicates the national ID cannot catch, and officers' decisions about them.

Two records are likely the same person when their folded name, birth date and current commune
agree (a mistyped national ID). Each such pair gets one review; an officer decides "same person"
(the records merge: the survivor keeps its history, the other points to it) or "different
people", with a reason. A decided pair is remembered and never flagged again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.intake.domain.worker import (
    IllegalTransitionError,
    StatusChange,
    Transition,
    Worker,
    next_status,
)
from shared.contracts.intake import WorkerMerged
from shared.errors import ConflictError, FieldError


class ReviewStatus(StrEnum):
    """Where a duplicate review stands."""

    PENDING = "pending"
    SAME_PERSON = "same_person"
    DIFFERENT_PEOPLE = "different_people"


class Decision(StrEnum):
    """An officer's finding about a flagged pair."""

    SAME_PERSON = "same_person"
    DIFFERENT_PEOPLE = "different_people"


class DuplicateReview(BaseModel):
    """One flagged pair of records and, once decided, the decision (an audit record)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    review_id: str
    worker_ids: list[str]
    duplicate_key: str
    flagged_at: datetime
    status: ReviewStatus = ReviewStatus.PENDING
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    survivor_id: str | None = None


class DecideReview(BaseModel):
    """An officer's decision on a flagged pair."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    decision: Decision
    reason: str = Field(min_length=1, max_length=500)
    decided_by: str = Field(min_length=1, max_length=100)
    survivor_id: str | None = Field(
        default=None, description="Same person: the record that carries on (default: the older)"
    )


def review_id(worker_a: str, worker_b: str) -> str:
    """Returns the one id of a pair's review, whatever the order of the two workers."""
    first, second = sorted((worker_a, worker_b))
    return f"{first}~{second}"


def flag_duplicates(
    worker_id: str,
    key: str,
    same_key_workers: Iterable[str],
    known_reviews: Collection[str],
    *,
    now: datetime,
) -> list[DuplicateReview]:
    """Returns a new pending review for each likely duplicate not already reviewed or pending."""
    reviews = {}
    for other in same_key_workers:
        pair = review_id(worker_id, other)
        if other == worker_id or pair in known_reviews or pair in reviews:
            continue
        reviews[pair] = DuplicateReview(
            review_id=pair, worker_ids=sorted((worker_id, other)), duplicate_key=key, flagged_at=now
        )
    return list(reviews.values())


def decide_review(
    review: DuplicateReview, command: DecideReview, *, now: datetime
) -> DuplicateReview:
    """Returns the decided review; a review is decided once (409 after that)."""
    if review.status is not ReviewStatus.PENDING:
        raise IllegalTransitionError("duplicate review", review.status, "decide")
    survivor = None
    if command.decision is Decision.SAME_PERSON:
        survivor = command.survivor_id or review.worker_ids[0]
        if survivor not in review.worker_ids:
            raise FieldError("survivor_id", "must be one of the two records reviewed")
    elif command.survivor_id is not None:
        raise FieldError("survivor_id", "applies only when the records are the same person")
    return review.model_copy(
        update={
            "status": ReviewStatus(command.decision.value),
            "decided_by": command.decided_by,
            "decided_at": now,
            "reason": command.reason,
            "survivor_id": survivor,
        }
    )


def older_record(first: Worker, second: Worker) -> Worker:
    """Returns the record registered first: the default survivor of a merge."""
    return min((first, second), key=lambda w: (w.registered_at, w.worker_id))


def merge_workers(
    survivor: Worker, merged: Worker, *, review: DuplicateReview, now: datetime
) -> tuple[Worker, Worker, list[WorkerMerged]]:
    """Returns (survivor, merged record, event): the survivor keeps its record and history and
    lists the merged id; the merged record keeps its own history and points to the survivor."""
    if review.status is not ReviewStatus.SAME_PERSON or review.survivor_id != survivor.worker_id:
        raise ConflictError("the review does not find these records the same person")
    if sorted((survivor.worker_id, merged.worker_id)) != review.worker_ids:
        raise ConflictError("the review is about other records")
    survivor.refuse_if_merged()
    status = next_status(merged.status, Transition.MERGE)
    by = review.decided_by or ""
    change = StatusChange(
        transition=Transition.MERGE, status=status, by=by, at=now, reason=review.reason
    )
    merged_record = merged.model_copy(
        update={
            "status": status,
            "merged_into": survivor.worker_id,
            "status_history": [*merged.status_history, change],
        }
    )
    survivor_record = survivor.model_copy(
        update={"merged_from": [*survivor.merged_from, merged.worker_id]}
    )
    event = WorkerMerged(
        worker_id=merged.worker_id,
        survivor_id=survivor.worker_id,
        review_id=review.review_id,
        merged_at=now,
    )
    return survivor_record, merged_record, [event]
