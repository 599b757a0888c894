"""A merged duplicate's training record, moved onto the survivor's (after ``worker.merged``).

The duplicate's enrolments (with their attendance, results and certificates) and assessments
leave its record in one ``training.records-moved`` event naming the survivor; the survivor's
record takes each one it does not hold yet (by id), so the same move heard twice, or after a
later one, changes nothing. What training announced about the duplicate (``worker.trained``)
stays as its history, revoked by the merge.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.training.domain.candidates import CandidateView
from services.training.domain.records import Assessment, Enrolment, TrainingRecord
from shared.contracts.training import TrainingRecordsMoved


def moved_away(
    record: TrainingRecord, candidate: CandidateView | None, trail: Sequence[str] = ()
) -> tuple[TrainingRecord, TrainingRecordsMoved | None]:
    """Returns a merged duplicate's record without its enrolments and assessments, and the
    event that carries them (with the ``trail`` of records they came through) to the
    survivor; a record not merged, or holding nothing to move, is returned as it is with no
    event."""
    survivor = candidate.merged_into if candidate is not None else None
    if survivor is None or not (record.enrolments or record.assessments):
        return record, None
    move = TrainingRecordsMoved(
        worker_id=record.worker_id,
        survivor_id=survivor,
        enrolments=[e.model_dump(mode="json") for e in record.enrolments],
        assessments=[a.model_dump(mode="json") for a in record.assessments],
        trail=list(trail),
    )
    return record.model_copy(update={"enrolments": (), "assessments": ()}), move


def moved_in(record: TrainingRecord, move: TrainingRecordsMoved) -> TrainingRecord:
    """Returns the survivor's record with the duplicate's enrolments and assessments it does
    not hold yet (by id), and the duplicate among the records merged into it; those it holds
    are kept as they are."""
    enrolments = {e.enrolment_id for e in record.enrolments}
    assessments = {a.assessment_id for a in record.assessments}
    new_enrolments = [
        enrolment
        for enrolment in map(Enrolment.model_validate, move.enrolments)
        if enrolment.enrolment_id not in enrolments
    ]
    new_assessments = [
        assessment
        for assessment in map(Assessment.model_validate, move.assessments)
        if assessment.assessment_id not in assessments
    ]
    merged_from = tuple(sorted({*record.merged_from, move.worker_id}))
    if not new_enrolments and not new_assessments and merged_from == record.merged_from:
        return record
    return record.model_copy(
        update={
            "enrolments": (*record.enrolments, *new_enrolments),
            "assessments": (*record.assessments, *new_assessments),
            "merged_from": merged_from,
        }
    )
