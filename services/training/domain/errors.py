"""Rules of training a request can break; the HTTP layer maps the bases to 422, 409 and 404.

Messages name ids, fields and rules, never a worker's personal data.
"""

from __future__ import annotations

from shared.errors import ConflictError, FieldError, InvalidFieldsError, NotFoundError

__all__ = [
    "AlreadyCertifiedError",
    "AlreadyEnrolledError",
    "AlreadyPassedError",
    "CandidateMergedError",
    "CandidateNotRegisteredError",
    "CandidateWithdrawnError",
    "CourseEndedError",
    "CourseFullError",
    "EnrolmentClosedError",
    "FieldError",
    "InsufficientAttendanceError",
    "InvalidFieldsError",
    "NotPassedError",
    "UnknownEnrolmentError",
]


class CandidateNotRegisteredError(ConflictError):
    """Training has not (yet) seen the worker's registration from intake."""

    def __init__(self, worker_id: str) -> None:
        super().__init__("worker is not registered at intake", worker_id=worker_id)


class CandidateWithdrawnError(ConflictError):
    """The worker withdrew from the programme; nothing new starts until intake reopens the case."""

    def __init__(self, worker_id: str) -> None:
        super().__init__("worker has withdrawn from the programme", worker_id=worker_id)


class CandidateMergedError(ConflictError):
    """The record was a duplicate, merged into the survivor's: enrol the survivor instead."""

    def __init__(self, worker_id: str, survivor_id: str) -> None:
        super().__init__(
            "worker record was merged into another", worker_id=worker_id, survivor_id=survivor_id
        )


class CourseFullError(ConflictError):
    """Every seat of the course is taken."""

    def __init__(self, course_id: str, capacity: int) -> None:
        super().__init__("course is full", course_id=course_id, capacity=capacity)


class CourseEndedError(ConflictError):
    """The course's last session is over; it takes no more enrolments."""

    def __init__(self, course_id: str) -> None:
        super().__init__("course has ended", course_id=course_id)


class AlreadyEnrolledError(ConflictError):
    """The worker already holds an active enrolment in the course."""

    def __init__(self, course_id: str, enrolment_id: str) -> None:
        super().__init__(
            "worker is already enrolled in the course",
            course_id=course_id,
            enrolment_id=enrolment_id,
        )


class AlreadyPassedError(ConflictError):
    """The worker passed the course; re-taking is for those who dropped out or failed."""

    def __init__(self, course_id: str, enrolment_id: str) -> None:
        super().__init__(
            "worker already passed the course", course_id=course_id, enrolment_id=enrolment_id
        )


class EnrolmentClosedError(ConflictError):
    """The enrolment is not in a state that allows this (dropped out, passed or failed)."""

    def __init__(self, enrolment_id: str, status: str, action: str) -> None:
        super().__init__(
            "cannot {action}: enrolment is {state}",
            enrolment_id=enrolment_id,
            state=status,
            action=action,
        )


class InsufficientAttendanceError(ConflictError):
    """The worker attended too few sessions to sit the final assessment."""

    def __init__(self, enrolment_id: str, attended_percent: float, required_percent: int) -> None:
        super().__init__(
            "attendance below the course minimum",
            enrolment_id=enrolment_id,
            attended_percent=round(attended_percent, 1),
            required_percent=required_percent,
        )


class NotPassedError(ConflictError):
    """A certificate needs a passed final assessment."""

    def __init__(self, enrolment_id: str, status: str) -> None:
        super().__init__(
            "only a passed enrolment is certified", enrolment_id=enrolment_id, state=status
        )


class AlreadyCertifiedError(ConflictError):
    """The enrolment already has its certificate."""

    def __init__(self, enrolment_id: str, number: str) -> None:
        super().__init__(
            "enrolment already certified", enrolment_id=enrolment_id, certificate_number=number
        )


class UnknownEnrolmentError(NotFoundError):
    """The worker's record has no such enrolment."""

    def __init__(self, enrolment_id: str) -> None:
        super().__init__("enrolment", enrolment_id)
