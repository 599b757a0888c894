"""Certificates a migrated worker earned before Homeward, as training records them.

Each certificate of a ``worker.case-imported`` becomes a passed, certified enrolment on an
imported course (provider ``imported``, one session on the day of issue), so readiness counts
it by the same rules as a course taken here: its kind, market, level and ``valid_for_years``.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from services.training.domain.courses import Session
from services.training.domain.levels import LEVELS, SCALE_LANGUAGES, Language, LevelScale
from services.training.domain.records import (
    CourseSnapshot,
    Enrolment,
    EnrolmentStatus,
    TrainingCostSupport,
    TrainingRecord,
)
from shared.contracts.common import Market
from shared.contracts.intake import ImportedCertificate, WorkerCaseImported
from shared.contracts.training import Certificate, CourseKind

IMPORTED_PROVIDER = "imported"
VIETNAM = timezone(timedelta(hours=7))
MARKET_LANGUAGES = {
    Market.GERMANY: Language.GERMAN,
    Market.SINGAPORE: Language.ENGLISH,
    Market.BULGARIA: Language.BULGARIAN,
    Market.GREECE: Language.GREEK,
}
"""The language a CEFR level grades, by the market the certificate was for."""
NO_SUPPORT = TrainingCostSupport(eligible=False, supported_vnd=0, worker_pays_vnd=0)


def language_of(certificate: ImportedCertificate) -> Language | None:
    """Returns the language a certificate's level grades, if it can tell."""
    known = LEVELS.get(certificate.language_level or "")
    if known is None:
        return None
    if known.scale is LevelScale.CEFR:
        return MARKET_LANGUAGES.get(certificate.market) if certificate.market else None
    (language,) = SCALE_LANGUAGES[known.scale]
    return language


def imported_enrolment(certificate: ImportedCertificate, course_id: str) -> Enrolment:
    """Returns a migrated certificate as a passed, certified enrolment on ``course_id``."""
    kind = CourseKind(certificate.kind)
    language = language_of(certificate) if kind is CourseKind.LANGUAGE else None
    issued_at = datetime.combine(certificate.issued_on, time(0), VIETNAM)
    course = CourseSnapshot(
        course_id=course_id,
        provider_id=IMPORTED_PROVIDER,
        kind=kind,
        language=language,
        target_level=certificate.language_level,
        market=certificate.market,
        hours=0,
        sessions=(Session(session_id="imported", on=certificate.issued_on),),
    )
    return Enrolment(
        enrolment_id=course_id,
        course=course,
        status=EnrolmentStatus.PASSED,
        enrolled_at=issued_at,
        support=NO_SUPPORT,
        closed_at=issued_at,
        passed_on=certificate.issued_on,
        certificate=Certificate(
            number=certificate.number,
            course_id=course_id,
            kind=kind,
            issued_on=certificate.issued_on,
            language_level=certificate.language_level,
            language=language,
            provider_id=IMPORTED_PROVIDER,
        ),
    )


def import_certificates(record: TrainingRecord, event: WorkerCaseImported) -> TrainingRecord:
    """Returns the record with the migrated certificates (again: the same record)."""
    for position, certificate in enumerate(event.certificates, 1):
        # Named by the worker and position, never by the number: the number is personal.
        course_id = f"imported-{event.worker_id}-{position}"
        record = record.with_enrolment(imported_enrolment(certificate, course_id))
    return record


def imported_readiness_time(event: WorkerCaseImported, received: datetime) -> datetime:
    """Returns when a migrated worker's readiness is announced: the day their last certificate
    was issued (readiness is a fact of that day, counted in its month), else ``received``."""
    if not event.certificates:
        return received
    last = max(c.issued_on for c in event.certificates)
    return datetime.combine(last, time(12), VIETNAM)
