"""Consultations: a centre or commune officer advises a worker about going abroad."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.intake import examples as ex
from services.intake.domain.consent import require_consent
from services.intake.domain.registration import local_date
from services.intake.domain.worker import Worker
from shared.actor import Actor
from shared.contracts.common import ConsentPurpose, Market
from shared.contracts.intake import ConsultationChannel, ConsultationOutcome, WorkerConsulted
from shared.errors import FieldError

__all__ = [
    "Consultation",
    "ConsultationChannel",
    "ConsultationOutcome",
    "ConsultationTopic",
    "RecordConsultation",
    "consultation_history",
    "record_consultation",
]


class ConsultationTopic(StrEnum):
    """What a consultation covered."""

    MARKETS = "markets"
    JOBS_AND_WAGES = "jobs_and_wages"
    COSTS = "costs"
    PREFERENTIAL_LOANS = "preferential_loans"
    TRAINING_AND_LANGUAGE = "training_and_language"
    CONTRACTS_AND_RIGHTS = "contracts_and_rights"
    LAW_AND_CULTURE = "law_and_culture"
    SAFE_MIGRATION = "safe_migration"
    RETURN_AND_REINTEGRATION = "return_and_reintegration"
    OTHER = "other"


class RecordConsultation(BaseModel):
    """A consultation as the officer records it."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.RECORD_CONSULTATION),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    held_on: date
    channel: ConsultationChannel
    officer: Actor
    topics: list[ConsultationTopic] = Field(min_length=1, max_length=10)
    markets_discussed: list[Market] = Field(default_factory=list, max_length=10)
    outcome: ConsultationOutcome
    notes: str | None = Field(default=None, max_length=1000)


class Consultation(RecordConsultation):
    """A recorded consultation with a worker."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.CONSULTATION), frozen=True, extra="ignore"
    )

    officer: str
    consultation_id: str
    worker_id: str
    recorded_at: datetime


def record_consultation(
    worker: Worker, command: RecordConsultation, *, consultation_id: str, now: datetime
) -> tuple[Consultation, list[WorkerConsulted]]:
    """Returns the consultation and its event; not for a merged record, nor a future date."""
    worker.refuse_if_merged()
    require_consent(worker, ConsentPurpose.CASE_MANAGEMENT)
    if command.held_on > local_date(now):
        raise FieldError("held_on", "is in the future")
    if command.held_on < worker.date_of_birth:
        raise FieldError("held_on", "is before the worker's birth")
    consultation = Consultation(
        **command.model_dump(
            exclude={"topics", "markets_discussed"},
        ),
        topics=list(dict.fromkeys(command.topics)),
        markets_discussed=list(dict.fromkeys(command.markets_discussed)),
        consultation_id=consultation_id,
        worker_id=worker.worker_id,
        recorded_at=now,
    )
    event = WorkerConsulted(
        worker_id=worker.worker_id,
        consultation_id=consultation_id,
        held_on=consultation.held_on,
        channel=consultation.channel,
        markets_discussed=consultation.markets_discussed,
        outcome=consultation.outcome,
        recorded_at=now,
    )
    return consultation, [event]


def consultation_history(consultations: Iterable[Consultation]) -> list[Consultation]:
    """Returns a worker's consultations, most recent first."""
    return sorted(consultations, key=lambda c: (c.held_on, c.recorded_at), reverse=True)
