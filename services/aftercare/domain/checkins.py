"""Check-ins with workers abroad, their families and enterprises; who has gone quiet."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from services.aftercare import examples as ex
from services.aftercare.domain.case import CaseSummary, JourneyStage, WorkerCase, require_open
from shared.actor import Actor
from shared.contracts.aftercare import ContactChannel, ContactParty, Wellbeing, WorkerCheckedIn
from shared.dates import StorableAwareInstant
from shared.errors import FieldError

DEFAULT_NO_CONTACT_DAYS = 30


class RecordCheckIn(BaseModel):
    """A contact the centre had with a worker abroad, their family or their enterprise."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.RECORD_CHECK_IN),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    contact: ContactParty
    channel: ContactChannel
    wellbeing: Wellbeing
    contacted_at: StorableAwareInstant
    notes: str | None = Field(default=None, max_length=2000)
    recorded_by: Actor


def record_check_in(
    case: WorkerCase, command: RecordCheckIn, *, check_in_id: str, now: datetime
) -> WorkerCheckedIn:
    """Returns the check-in event, or raises if the case or the contact time forbid it."""
    journey = case.require_case()
    require_open(journey)
    case.require_aftercare_consent()
    assert journey.departure is not None
    if command.contacted_at > now:
        raise FieldError("contacted_at", "is in the future")
    if command.contacted_at < journey.departure.departed_at:
        raise FieldError("contacted_at", "is before the worker departed")
    return WorkerCheckedIn(
        worker_id=case.worker_id,
        placement_id=journey.departure.placement_id,
        check_in_id=check_in_id,
        contact=command.contact,
        channel=command.channel,
        wellbeing=command.wellbeing,
        notes=command.notes or None,
        contacted_at=command.contacted_at,
        recorded_by=command.recorded_by,
        recorded_at=now,
    )


class ContactGap(BaseModel):
    """A worker abroad nobody has been in touch with for too long."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.CONTACT_GAP))

    worker_id: str
    full_name: str | None
    province_code: str | None
    commune_code: str | None
    country: str | None
    last_contact_at: datetime | None
    silent_since: datetime
    days_without_contact: int
    latest_wellbeing: Wellbeing | None


def workers_without_contact(
    cases: Iterable[CaseSummary], *, now: datetime, max_days: int = DEFAULT_NO_CONTACT_DAYS
) -> list[ContactGap]:
    """Returns workers abroad with no contact for more than ``max_days`` days, oldest first;
    a worker who withdrew consent to aftercare is left out (no outreach).

    Silence counts from the last check-in, or from departure if there was none.
    """
    if max_days < 0:
        raise ValueError("max_days must not be negative")
    gaps = []
    for case in cases:
        if case.stage != JourneyStage.ABROAD or case.departed_at is None or case.merged_into:
            continue
        if not case.aftercare_consented:
            continue  # no outreach: the worker withdrew consent to aftercare
        silent_since = case.last_contact_at or case.departed_at
        silence = now - silent_since
        if silence.total_seconds() <= max_days * 86400:
            continue
        gaps.append(
            ContactGap(
                worker_id=case.worker_id,
                full_name=case.full_name,
                province_code=case.province_code,
                commune_code=case.commune_code,
                country=case.country,
                last_contact_at=case.last_contact_at,
                silent_since=silent_since,
                days_without_contact=silence.days,
                latest_wellbeing=case.latest_wellbeing,
            )
        )
    return sorted(gaps, key=lambda gap: (gap.silent_since, gap.worker_id))
