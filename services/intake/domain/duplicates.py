"""Likely duplicates the national ID cannot catch, and officers' decisions about them.

Two records are likely the same person when the finder (``likeness``) finds one a candidate
of the other: names a few letters apart, the same or a day/month-swapped birth date, the same
province. A new record and its candidates form a group reviewed as one: if a candidate is in a
pending review, the new record joins it; otherwise the new record opens a review named after
the least of its members' keys (province, birth date, folded name), listing its candidates:
never one review per pair. Each member carries the score and reasons it matched with; the
review's score is its highest. An officer decides "same person" (the members named merge into
the survivor, which keeps its history; each merged record points to it) or "different
people", with a reason. A decided review is kept; the group's next record opens a new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.intake import examples as ex
from services.intake.domain.likeness import Candidate, Keyed
from services.intake.domain.worker import (
    IllegalTransitionError,
    StatusChange,
    Transition,
    Worker,
    WorkerStatus,
    next_status,
)
from shared.actor import Actor
from shared.contracts.intake import WorkerMerged
from shared.errors import ConflictError, FieldError

MAX_CANDIDATES = 20
"""Candidates a new record keeps (the likeliest): the work of flagging is bounded whatever
the group's size."""
PENDING_LOOKUPS = 5
"""Candidates (the likeliest) whose pending review a new record looks for before opening one."""
MAX_ROUNDS = 50
"""Reviews a group may have had before a new record of it stops opening more."""
MAX_MEMBERS = 50
"""Members one review lists; later records of the group are counted in ``more_records``."""


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
    """One review of a group of likely duplicates (the oldest member first) and, once decided,
    the decision (an audit record). Reviews stored before groups hold a pair and no group."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    review_id: str
    worker_ids: list[str]
    duplicate_key: str
    flagged_at: datetime
    group: str | None = None
    more_records: int = 0
    score: int = 0
    candidates: list[Candidate] = Field(default_factory=list)
    twin_keys: list[str] = Field(default_factory=list)
    twins: list[str] = Field(
        default_factory=list, description="The member that brought each of ``twin_keys``"
    )
    status: ReviewStatus = ReviewStatus.PENDING
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    survivor_id: str | None = None
    merged_ids: list[str] = Field(default_factory=list)

    @property
    def merging(self) -> list[str]:
        """The members a "same person" decision merges into the survivor."""
        if self.status is not ReviewStatus.SAME_PERSON:
            return []
        return self.merged_ids or [w for w in self.worker_ids if w != self.survivor_id]


class DecideReview(BaseModel):
    """An officer's decision on a flagged pair."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.DECIDE_REVIEW),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    decision: Decision
    reason: str = Field(min_length=1, max_length=500)
    decided_by: Actor
    survivor_id: str | None = Field(
        default=None,
        description="Same person: the record that carries on (default: the review's first, "
        "its oldest member)",
    )
    merged_ids: list[str] | None = Field(
        default=None,
        max_length=MAX_MEMBERS,
        description="Same person: the members that merge into the survivor (default: every "
        "other member); members left out stay as they are",
    )


def merge_basis(review: DuplicateReview) -> dict[str, object]:
    """Returns the facts a merge is asked on: a decision, or a record joining the review,
    makes a waiting merge stale."""
    return {"status": review.status.value, "members": sorted(review.worker_ids)}


def group_of(key: str, keyed: Keyed) -> str:
    """Returns the id of a group of likely duplicates, from the key it is named after: a keyed
    hash (``keyed``) that reveals neither the name nor the birth date, and against which
    nobody without the key can test a guess."""
    return keyed("group\n" + key)[:24]


def open_review(
    worker_id: str,
    key: str,
    others: Sequence[str],
    *,
    round_: int,
    now: datetime,
    anchor: str | None = None,
    candidates: Sequence[Candidate] = (),
    twin: str | None = None,
    keyed: Keyed,
) -> DuplicateReview:
    """Returns the group's next pending review: the candidates found (``others``, the oldest
    first), then the new one, each with the score and reasons it matched with.

    ``anchor``: the key the group is named after (``likeness.anchor_of``; default ``key``);
    ``twin``: the new record's ``likeness.twin_key``, so its twins find the review;
    ``keyed``: the keyed hash naming the group (``group_of``)."""
    group = group_of(anchor if anchor is not None else key, keyed)
    members = list(dict.fromkeys([*others, worker_id]))
    if worker_id not in members[:MAX_MEMBERS]:
        members = [*members[: MAX_MEMBERS - 1], worker_id]
    listed = set(members[:MAX_MEMBERS])
    kept = [c for c in candidates if c.worker_id in listed]
    return DuplicateReview(
        review_id=f"{group}~{round_}",
        worker_ids=members[:MAX_MEMBERS],
        duplicate_key=key,
        group=group,
        flagged_at=now,
        score=max((c.score for c in kept), default=0),
        candidates=kept,
        twin_keys=[twin] if twin else [],
        twins=[worker_id] if twin else [],
    )


def refuse_merge(survivor: Worker, merged: Sequence[Worker]) -> None:
    """Raises ConflictError (409) unless every record named can merge into the survivor: the
    survivor is not itself merged away, and no record named is merged already."""
    if survivor.status is WorkerStatus.MERGED:
        raise ConflictError(
            "the survivor was merged into another record: choose a live record",
            survivor_id=survivor.merged_into,
        )
    for record in merged:
        if record.status is WorkerStatus.MERGED and record.merged_into != survivor.worker_id:
            raise ConflictError(
                "a record named was merged into another already", worker_id=record.worker_id
            )


def decide_review(
    review: DuplicateReview, command: DecideReview, *, now: datetime
) -> DuplicateReview:
    """Returns the decided review; a review is decided once (409 after that)."""
    if review.status is not ReviewStatus.PENDING:
        raise IllegalTransitionError("duplicate review", review.status, "decide")
    survivor = None
    merged: list[str] = []
    if command.decision is Decision.SAME_PERSON:
        survivor = command.survivor_id or review.worker_ids[0]
        if survivor not in review.worker_ids:
            raise FieldError("survivor_id", "must be one of the records reviewed")
        others = [w for w in review.worker_ids if w != survivor]
        merged = list(dict.fromkeys(command.merged_ids or others))
        if any(w not in others for w in merged):
            raise FieldError("merged_ids", "must be records reviewed, other than the survivor")
    elif command.survivor_id is not None:
        raise FieldError("survivor_id", "applies only when the records are the same person")
    elif command.merged_ids is not None:
        raise FieldError("merged_ids", "applies only when the records are the same person")
    return review.model_copy(
        update={
            "status": ReviewStatus(command.decision.value),
            "decided_by": command.decided_by,
            "decided_at": now,
            "reason": command.reason,
            "survivor_id": survivor,
            "merged_ids": merged,
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
    if merged.worker_id not in review.merging:
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
