"""Readiness per market, as data: what each market requires, and who meets it.

A market's requirements are rows of MARKET_REQUIREMENTS, not branches of code: adding a market
or raising a level is an edit of the table. A course requirement is met by a passed *and
certified* enrolment (the certificate is the proof ``worker.trained`` carries); an employer
requirement by a passed employer assessment for that market.

Certificates are kept for life, but a row may say for how many years its proof counts
(``valid_for_years``): a worker home from one journey is ready for the next one only with
proofs still valid on the day readiness is decided. A market announced on a journey stays
announced for that journey: a proof expiring while the worker waits, or is abroad, revokes
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from services.training.domain.candidates import CandidateView
from services.training.domain.levels import LEVELS, Language, grades
from services.training.domain.records import (
    Enrolment,
    EnrolmentStatus,
    MarketAnnouncement,
    Outcome,
    TrainingRecord,
)
from shared.contracts.common import Market
from shared.contracts.training import (
    AssessmentKind,
    Certificate,
    CourseKind,
    RevocationReason,
    WorkerTrained,
    WorkerTrainingReadinessRevoked,
)
from shared.events.catalogue import EventPayload


class Evidence(StrEnum):
    """What proves a requirement: a certified course of a kind, or an employer's assessment."""

    LANGUAGE_COURSE = "language_course"
    VOCATIONAL_COURSE = "vocational_course"
    ORIENTATION_COURSE = "orientation_course"
    EMPLOYER_ASSESSMENT = "employer_assessment"


COURSE_EVIDENCE = {
    Evidence.LANGUAGE_COURSE: CourseKind.LANGUAGE,
    Evidence.VOCATIONAL_COURSE: CourseKind.VOCATIONAL,
    Evidence.ORIENTATION_COURSE: CourseKind.ORIENTATION,
}


class Requirement(BaseModel):
    """One thing a market asks of a worker before departure."""

    model_config = ConfigDict(frozen=True)

    code: str
    description: str
    evidence: Evidence
    language: Language | None = None
    min_levels: tuple[str, ...] = ()
    """Any one suffices: a certified level on the same scale, at or above it."""
    for_market: bool = False
    """The course (or assessment) must be about this market, as orientation is."""
    valid_for_years: int | None = None
    """For how many years after it was issued a proof counts; None: for good."""

    def still_valid(self, issued_on: date, on: date | None) -> bool:
        """Returns whether a proof issued on a day still counts on ``on`` (None: any day)."""
        if on is None or self.valid_for_years is None:
            return True
        return on < _years_after(issued_on, self.valid_for_years)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year that has none
        return day.replace(year=day.year + years, day=28)


def _language(
    language: Language, *min_levels: str, description: str, valid_for_years: int | None = None
) -> Requirement:
    return Requirement(
        code="language",
        description=description,
        evidence=Evidence.LANGUAGE_COURSE,
        language=language,
        min_levels=min_levels,
        valid_for_years=valid_for_years,
    )


ORIENTATION = Requirement(
    code="orientation",
    description="passed orientation for this country within 2 years: law, culture, discipline",
    evidence=Evidence.ORIENTATION_COURSE,
    for_market=True,
    valid_for_years=2,
)
VOCATIONAL = Requirement(
    code="vocational",
    description="passed vocational course",
    evidence=Evidence.VOCATIONAL_COURSE,
)
MIDDLE_EAST = (ORIENTATION,)

MARKET_REQUIREMENTS: Mapping[Market, tuple[Requirement, ...]] = {
    Market.JAPAN: (
        _language(Language.JAPANESE, "JLPT-N4", description="Japanese at JLPT N4 or above"),
        ORIENTATION,
    ),
    Market.KOREA: (
        _language(
            Language.KOREAN,
            "EPS-TOPIK",
            description="EPS-TOPIK passed within 2 years",
            valid_for_years=2,
        ),
        ORIENTATION,
    ),
    Market.TAIWAN: (ORIENTATION,),
    Market.GERMANY: (
        _language(Language.GERMAN, "CEFR-B1", description="German at B1 or above"),
        VOCATIONAL,
    ),
    Market.SAUDI_ARABIA: MIDDLE_EAST,
    Market.UNITED_ARAB_EMIRATES: MIDDLE_EAST,
    Market.QATAR: MIDDLE_EAST,
    Market.BULGARIA: (ORIENTATION, VOCATIONAL),
    Market.GREECE: (ORIENTATION, VOCATIONAL),
    Market.SINGAPORE: (
        _language(Language.ENGLISH, "CEFR-A2", description="English at A2 or above"),
        ORIENTATION,
    ),
}
"""What each market requires; programme defaults for the centre to review."""


class RequirementStatus(BaseModel):
    """Whether one requirement is met, and what proves it."""

    model_config = ConfigDict(frozen=True)

    code: str
    description: str
    met: bool
    certificates: tuple[Certificate, ...] = ()
    assessment_ids: tuple[str, ...] = ()


class MarketReadiness(BaseModel):
    """Whether a worker meets one market's requirements, requirement by requirement."""

    model_config = ConfigDict(frozen=True)

    market: Market
    met: bool
    requirements: tuple[RequirementStatus, ...]
    language: Language | None = None
    language_level: str | None = None
    announced: bool = False

    @property
    def certificates(self) -> tuple[Certificate, ...]:
        """Returns every certificate that proves a requirement, each once."""
        seen: dict[str, Certificate] = {}
        for status in self.requirements:
            for certificate in status.certificates:
                seen.setdefault(certificate.number, certificate)
        return tuple(seen.values())


def table_problems(table: Mapping[Market, tuple[Requirement, ...]]) -> list[str]:
    """Returns what is wrong with a requirements table (unknown levels, mismatched languages)."""
    problems: list[str] = []
    for market, requirements in table.items():
        for requirement in requirements:
            where = f"{market}/{requirement.code}"
            if requirement.min_levels and requirement.evidence is not Evidence.LANGUAGE_COURSE:
                problems.append(f"{where}: only a language requirement has levels")
            for code in requirement.min_levels:
                known = LEVELS.get(code)
                if known is None:
                    problems.append(f"{where}: unknown level {code}")
                elif requirement.language and not grades(known.scale, requirement.language):
                    problems.append(f"{where}: {known.scale} does not grade {requirement.language}")
    return problems


def evaluate(
    record: TrainingRecord,
    table: Mapping[Market, tuple[Requirement, ...]] = MARKET_REQUIREMENTS,
    *,
    on: date | None = None,
    journey: int = 1,
) -> list[MarketReadiness]:
    """Returns, for each market of the table, whether the record meets it and what is missing:
    counting only proofs still valid ``on`` that day (None: every proof), and the markets
    announced on the worker's ``journey``."""
    standing = record.standing_markets(journey)
    results = []
    for market, requirements in table.items():
        statuses = tuple(_status(record, market, r, on) for r in requirements)
        language, level = _language_level(requirements, statuses)
        results.append(
            MarketReadiness(
                market=market,
                met=all(s.met for s in statuses),
                requirements=statuses,
                language=language,
                language_level=level,
                announced=market in standing,
            )
        )
    return results


def _status(
    record: TrainingRecord, market: Market, requirement: Requirement, on: date | None
) -> RequirementStatus:
    if requirement.evidence is Evidence.EMPLOYER_ASSESSMENT:
        ids = tuple(
            a.assessment_id
            for a in record.assessments
            if a.kind is AssessmentKind.EMPLOYER
            and a.passed
            and a.market == market
            and requirement.still_valid(a.assessed_on, on)
        )
        return RequirementStatus(
            code=requirement.code,
            description=requirement.description,
            met=bool(ids),
            assessment_ids=ids,
        )
    proofs = [
        e.certificate
        for e in _best_first(record.enrolments)
        if e.certificate is not None
        and _proves(e, market, requirement)
        and requirement.still_valid(e.certificate.issued_on, on)
    ]
    return RequirementStatus(
        code=requirement.code,
        description=requirement.description,
        met=bool(proofs),
        certificates=tuple(proofs),
    )


def _best_first(enrolments: tuple[Enrolment, ...]) -> list[Enrolment]:
    # Highest level first, so the first language proof is the level worth announcing.
    def rank(enrolment: Enrolment) -> int:
        known = LEVELS.get(enrolment.course.target_level or "")
        return known.rank if known else 0

    return sorted(enrolments, key=rank, reverse=True)


def _proves(enrolment: Enrolment, market: Market, requirement: Requirement) -> bool:
    course = enrolment.course
    if enrolment.status is not EnrolmentStatus.PASSED:
        return False
    if course.kind is not COURSE_EVIDENCE[requirement.evidence]:
        return False
    if requirement.for_market and course.market != market:
        return False
    if requirement.language is not None and course.language != requirement.language:
        return False
    if requirement.min_levels:
        reached = LEVELS.get(course.target_level or "")
        return reached is not None and any(
            reached.at_least(LEVELS[code]) for code in requirement.min_levels
        )
    return True


def _language_level(
    requirements: tuple[Requirement, ...], statuses: tuple[RequirementStatus, ...]
) -> tuple[Language | None, str | None]:
    for requirement, status in zip(requirements, statuses, strict=True):
        if requirement.evidence is Evidence.LANGUAGE_COURSE:
            best = status.certificates[0] if status.certificates else None
            return requirement.language, best.language_level if best else None
    return None, None


def announce_readiness(
    record: TrainingRecord,
    candidate: CandidateView | None,
    *,
    now: datetime,
    table: Mapping[Market, tuple[Requirement, ...]] = MARKET_REQUIREMENTS,
) -> Outcome:
    """Returns the record with ``worker.trained`` due for newly met markets, once per market
    and journey.

    A withdrawn (or unknown, or merged) worker gets no announcement, and every standing one is
    revoked; when the case is reopened the markets still met are announced again. A market no longer
    met (the table changed) is revoked too. On a new journey, the markets met with proofs still
    valid today are announced again; the earlier journey's announcements are left as they were.
    """
    active = candidate is not None and candidate.active
    journey = candidate.journey if candidate is not None else 1
    # Each readiness is decided only where it is read: most events find nothing standing.
    held: dict[Market, MarketReadiness] | None = None
    events: list[EventPayload] = []
    announcements: list[MarketAnnouncement] = []
    for announcement in record.announcements:
        if announcement.journey != journey:
            announcements.append(announcement)
            continue
        if held is None and announcement.standing and active:
            held = {r.market: r for r in evaluate(record, table, journey=journey)}
        reason = _revocation(announcement, candidate, (held or {}).get(announcement.market))
        if reason is None:
            announcements.append(announcement)
            continue
        announcements.append(
            announcement.model_copy(update={"revoked_at": now, "revocation_reason": reason})
        )
        events.append(
            WorkerTrainingReadinessRevoked(
                worker_id=record.worker_id,
                market=announcement.market,
                reason=reason,
                revoked_at=now,
            )
        )
    standing = {a.market for a in announcements if a.standing and a.journey == journey}
    readiness = evaluate(record, table, on=now.date(), journey=journey) if active else []
    for result in readiness:
        market = result.market
        if not result.met or market in standing:
            continue
        announcements.append(MarketAnnouncement(market=market, trained_at=now, journey=journey))
        events.append(
            WorkerTrained(
                worker_id=record.worker_id,
                market=market,
                language=result.language,
                language_level=result.language_level,
                certificates=list(result.certificates),
                requirements=[s.code for s in result.requirements],
                trained_at=now,
            )
        )
    if not events:
        return Outcome(record)
    return Outcome(record.model_copy(update={"announcements": tuple(announcements)}), tuple(events))


def _revocation(
    announcement: MarketAnnouncement,
    candidate: CandidateView | None,
    readiness: MarketReadiness | None,
) -> RevocationReason | None:
    if not announcement.standing:
        return None
    if candidate is not None and candidate.merged_into is not None:
        return RevocationReason.MERGED
    if candidate is None or not candidate.active:
        return RevocationReason.WITHDRAWN
    if readiness is None or not readiness.met:
        return RevocationReason.REQUIREMENTS_UNMET
    return None
