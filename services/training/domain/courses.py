"""Training providers and their courses: what a course is, and when its definition is sound."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.training import examples as ex
from services.training.domain.errors import FieldError, InvalidFieldsError
from services.training.domain.levels import LEVELS, Language, grades
from shared.contracts.common import Market, Sector
from shared.contracts.training import CourseKind

MAX_SCORE = 1_000_000.0
DEFAULT_PASS_MARK = 50.0
DEFAULT_MAX_SCORE = 100.0
DEFAULT_MIN_ATTENDANCE_PERCENT = 80


class ProviderDefinition(BaseModel):
    """What defines a training provider, as an officer registers it."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=2, max_length=200)
    province_code: str = Field(pattern=r"^\d{2}$", description="Province where it teaches")
    kinds: tuple[CourseKind, ...] = Field(min_length=1, description="Kinds of course it offers")
    licence_number: str | None = Field(default=None, max_length=60)


class Provider(ProviderDefinition):
    """A training institution: a language centre, a vocational school, an enterprise's school."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.PROVIDER_VIEW))

    provider_id: str
    active: bool = True


class Session(BaseModel):
    """One class meeting of a course, on one day."""

    model_config = ConfigDict(frozen=True)

    session_id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")
    on: date
    topic: str | None = Field(default=None, max_length=200)


class CourseDefinition(BaseModel):
    """What defines a course, as a provider schedules it."""

    model_config = ConfigDict(frozen=True)

    provider_id: str
    title: str = Field(min_length=2, max_length=200)
    kind: CourseKind
    language: Language | None = None
    target_level: str | None = Field(default=None, description="e.g. JLPT-N4, EPS-TOPIK, CEFR-B1")
    market: Market | None = None
    sector: Sector | None = None
    hours: int = Field(gt=0, le=5000)
    sessions: tuple[Session, ...] = Field(min_length=1, max_length=1000)
    capacity: int = Field(gt=0, le=10_000)
    cost_vnd: int = Field(ge=0, le=1_000_000_000)
    pass_mark: float = Field(default=DEFAULT_PASS_MARK, gt=0, le=MAX_SCORE)
    max_score: float = Field(default=DEFAULT_MAX_SCORE, gt=0, le=MAX_SCORE)
    min_attendance_percent: int = Field(default=DEFAULT_MIN_ATTENDANCE_PERCENT, ge=0, le=100)


class Course(CourseDefinition):
    """A scheduled course of a provider, with its seats (``seats_taken`` is kept by the store)."""

    course_id: str
    seats_taken: int = Field(default=0, ge=0)

    @property
    def starts_on(self) -> date:
        """Returns the day of the first session."""
        return min(s.on for s in self.sessions)

    @property
    def ends_on(self) -> date:
        """Returns the day of the last session."""
        return max(s.on for s in self.sessions)

    @property
    def seats_left(self) -> int:
        """Returns how many seats are still free."""
        return max(0, self.capacity - self.seats_taken)

    def session(self, session_id: str) -> Session | None:
        """Returns the session with this id, or None."""
        return next((s for s in self.sessions if s.session_id == session_id), None)


def seat_available(course: Course) -> bool:
    """Returns whether one more worker fits (the store re-checks this atomically on write)."""
    return course.seats_taken < course.capacity


def course_problems(course: Course, provider: Provider | None) -> list[FieldError]:
    """Returns every rule the course breaks, each naming its field; empty when it is sound."""
    problems: list[FieldError] = []
    if provider is None:
        problems.append(FieldError("provider_id", "no such provider"))
    elif not provider.active:
        problems.append(FieldError("provider_id", "provider is not active"))
    elif course.kind not in provider.kinds:
        problems.append(
            FieldError("kind", "provider does not offer {kind} courses", kind=course.kind)
        )
    problems.extend(_kind_problems(course))
    if course.pass_mark > course.max_score:
        problems.append(FieldError("pass_mark", "must not exceed max_score"))
    seen: set[str] = set()
    for index, session in enumerate(course.sessions):
        if session.session_id in seen:
            problems.append(FieldError(f"sessions.{index}.session_id", "duplicate session id"))
        seen.add(session.session_id)
    if course.seats_taken > course.capacity:
        problems.append(FieldError("capacity", "fewer than the seats already taken"))
    return problems


def _kind_problems(course: Course) -> list[FieldError]:
    problems: list[FieldError] = []
    if course.kind is CourseKind.LANGUAGE:
        if course.language is None:
            problems.append(FieldError("language", "a language course needs its language"))
        if course.target_level is not None:
            known = LEVELS.get(course.target_level)
            if known is None:
                problems.append(FieldError("target_level", "unknown level"))
            elif course.language is not None and not grades(known.scale, course.language):
                problems.append(
                    FieldError(
                        "target_level",
                        "{scale} does not grade {language}",
                        scale=known.scale,
                        language=course.language,
                    )
                )
    elif course.target_level is not None:
        problems.append(FieldError("target_level", "only language courses have a target level"))
    if course.kind is CourseKind.ORIENTATION and course.market is None:
        problems.append(FieldError("market", "orientation is about one host country"))
    if course.kind is CourseKind.VOCATIONAL and course.sector is None:
        problems.append(FieldError("sector", "a vocational course teaches one sector"))
    return problems


def check_course(course: Course, provider: Provider | None) -> Course:
    """Returns the course if it is sound, or raises InvalidFieldsError naming each field."""
    problems = course_problems(course, provider)
    if problems:
        raise InvalidFieldsError(problems)
    return course
