"""Moving a merged duplicate's training record: everything leaves the duplicate in one event,
and the survivor takes each enrolment and assessment once, whatever it already holds."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.training.domain import (
    Assessment,
    CandidateView,
    TrainingRecord,
    moved_away,
    moved_in,
)
from shared.contracts.training import AssessmentKind

NOW = datetime(2026, 3, 2, tzinfo=UTC)


def assessment(assessment_id: str) -> Assessment:
    return Assessment(
        assessment_id=assessment_id,
        kind=AssessmentKind.PROGRESS,
        assessor="Trung tâm Sơn La",
        score=70,
        max_score=100,
        pass_mark=60,
        assessed_on=date(2026, 3, 1),
        recorded_at=NOW,
    )


def test_a_record_not_merged_or_holding_nothing_moves_nothing() -> None:
    record = TrainingRecord(worker_id="w-2", assessments=(assessment("a-1"),))
    assert moved_away(record, CandidateView(worker_id="w-2")) == (record, None)
    merged = CandidateView(worker_id="w-2", merged_into="w-1")
    empty = TrainingRecord(worker_id="w-2")
    assert moved_away(empty, merged) == (empty, None)


def test_the_survivor_takes_each_moved_record_once() -> None:
    duplicate = TrainingRecord(worker_id="w-2", assessments=(assessment("a-1"), assessment("a-2")))
    left, move = moved_away(duplicate, CandidateView(worker_id="w-2", merged_into="w-1"))
    assert move is not None
    assert (move.worker_id, move.survivor_id) == ("w-2", "w-1")
    assert left.assessments == ()
    survivor = TrainingRecord(worker_id="w-1", assessments=(assessment("a-0"), assessment("a-2")))
    once = moved_in(survivor, move)
    assert [a.assessment_id for a in once.assessments] == ["a-0", "a-2", "a-1"]
    assert moved_in(once, move) == once  # the same move heard again
