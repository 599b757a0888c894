"""The personal-data export: what each service holds about a worker, where, why, how long.

Each service answers ``GET /workers/{id}/personal-data`` with its ``Holdings``: one ``Piece``
per collection of ``shared.privacy.holdings`` that keeps the worker, with the stored record as
it is (bookkeeping left out). Intake assembles the pieces of every service into one
``PersonalDataExport``; a service that could not be asked is named under ``missing``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.privacy.holdings import Holding, holdings_of

BOOKKEEPING = frozenset(
    {
        "version",
        "applied",
        "applied_offsets",
        "follow_ups",
        "event_seq",
        "outbox",
        "outbox_pending",
        "outbox_sent",
        "outbox_set_aside",
        "approvals_applied",
    }
)
"""Fields every view document carries for the messaging, not about the worker."""


class Piece(BaseModel):
    """One record a service keeps about the worker."""

    service: str
    where: str = Field(description="The collection (or topic) holding it")
    what: str
    purposes: list[str]
    retention: str
    data: Any = Field(description="The record as stored, bookkeeping left out")


class Holdings(BaseModel):
    """What one service holds about a worker (its internal read)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "service": "training",
                    "worker_id": "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11",
                    "pieces": [
                        {
                            "service": "training",
                            "where": "candidates",
                            "what": "the trainee: profile copied from intake, enrolments, "
                            "attendance, assessments, certificates",
                            "purposes": ["training"],
                            "retention": "while the case is open, then as the retention table says",
                            "data": {
                                "_id": "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11",
                                "full_name": "Đinh Thị Linh",
                                "enrolments": [
                                    {"course_id": "c-jp-n4-2026-03", "status": "enrolled"}
                                ],
                            },
                        }
                    ],
                }
            ]
        }
    )

    service: str
    worker_id: str
    pieces: list[Piece]


class MissingReason(StrEnum):
    """Why a service's part is not in an export."""

    NOT_CONFIGURED = "not_configured"
    UNAVAILABLE = "unavailable"
    NOT_PERMITTED = "not_permitted"
    FAILED = "failed"


class Missing(BaseModel):
    """A service whose part an export lacks, and why; the export is then partial."""

    service: str
    reason: MissingReason
    detail: str


class PersonalDataExport(BaseModel):
    """Everything Homeward holds about a worker, assembled from every service."""

    worker_id: str
    exported_at: datetime
    exported_by: str
    complete: bool = Field(description="False when a service's part is missing (see `missing`)")
    pieces: list[Piece]
    holds_nothing: list[str] = Field(
        description="Services asked that hold nothing about the worker"
    )
    missing: list[Missing]


def plain(value: Any) -> Any:
    """A stored value as JSON can carry it (dates as ISO text, bytes left out)."""
    if isinstance(value, dict):
        return {
            str(k): plain(v)
            for k, v in value.items()
            if k not in BOOKKEEPING and not isinstance(v, bytes)
        }
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def piece(holding: Holding, data: Any) -> Piece:
    """The piece of a holding, with its record."""
    return Piece(
        service=holding.service,
        where=holding.where,
        what=holding.what,
        purposes=[p.value for p in holding.purposes],
        retention=holding.retention,
        data=plain(data),
    )


def holding(service: str, where: str) -> Holding:
    """The inventory's row of a service's collection (the first, if it has several)."""
    for found in holdings_of(service):
        if found.where == where:
            return found
    raise KeyError(f"{service}.{where}")
