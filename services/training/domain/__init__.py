"""Training's pure rules: candidates from intake's events, courses, enrolment, readiness.

No I/O, no clock (callers pass ``now``), no ids generated inside (callers pass them).
"""

from services.training.domain.candidates import (
    CandidateProfile,
    CandidateView,
    ForeignEventError,
    IntakeEvent,
    Position,
    project_candidate,
)
from services.training.domain.courses import (
    Course,
    Provider,
    Session,
    check_course,
    course_problems,
    seat_available,
)
from services.training.domain.enrolment import (
    AssessWorker,
    drop_out,
    enrol,
    issue_certificate,
    record_assessment,
    record_attendance,
    training_cost_support,
)
from services.training.domain.levels import LEVELS, Language, LanguageLevel, LevelScale, level
from services.training.domain.readiness import (
    MARKET_REQUIREMENTS,
    Evidence,
    MarketReadiness,
    Requirement,
    RequirementStatus,
    announce_readiness,
    evaluate,
    table_problems,
)
from services.training.domain.records import (
    Assessment,
    AttendanceMark,
    CourseSnapshot,
    Enrolment,
    EnrolmentStatus,
    MarketAnnouncement,
    Outcome,
    TrainingCostSupport,
    TrainingRecord,
)

__all__ = [
    "LEVELS",
    "MARKET_REQUIREMENTS",
    "AssessWorker",
    "Assessment",
    "AttendanceMark",
    "CandidateProfile",
    "CandidateView",
    "Course",
    "CourseSnapshot",
    "Enrolment",
    "EnrolmentStatus",
    "Evidence",
    "ForeignEventError",
    "IntakeEvent",
    "Language",
    "LanguageLevel",
    "LevelScale",
    "MarketAnnouncement",
    "MarketReadiness",
    "Outcome",
    "Position",
    "Provider",
    "Requirement",
    "RequirementStatus",
    "Session",
    "TrainingCostSupport",
    "TrainingRecord",
    "announce_readiness",
    "check_course",
    "course_problems",
    "drop_out",
    "enrol",
    "evaluate",
    "issue_certificate",
    "level",
    "project_candidate",
    "record_assessment",
    "record_attendance",
    "seat_available",
    "table_problems",
    "training_cost_support",
]
