"""Reporting's response schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.reporting import examples as ex
from services.reporting.domain.facts import Fact, utc_text
from services.reporting.domain.figures import Figure


class FigureView(BaseModel):
    """One figure: ``id`` names it in drill-downs (``departures.market.JP``)."""

    id: str
    figure: str
    breakdown: str
    key: str
    value: int | float | str


class AftercareTiles(BaseModel):
    """Aftercare's counts of cases that need attention now; null when aftercare did not answer
    (``unavailable`` says why)."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "without_contact": 12,
                    "contracts_ending": 3,
                    "incidents_past_sla": 1,
                    "returns_without_plan": 2,
                    "no_contact_days": 30,
                    "contract_end_window_days": 90,
                    "as_of": "2026-12-06T03:00:00Z",
                    "unavailable": None,
                }
            ]
        },
    )

    without_contact: int | None = None
    contracts_ending: int | None = None
    incidents_past_sla: int | None = None
    returns_without_plan: int | None = None
    no_contact_days: int | None = None
    contract_end_window_days: int | None = None
    as_of: datetime | None = None
    unavailable: str | None = None


class TargetRef(BaseModel):
    """Which version of which targets a report judged achievement by."""

    period: str
    version: int
    set_at: str


class ReportView(BaseModel):
    """A report: what it is about, as of when, and every figure."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.REPORT))

    province_code: str
    province_name: str
    commune_code: str | None
    units: str
    period: dict[str, str]
    as_of: str
    target: TargetRef | None
    commune_names: dict[str, str]
    figures: list[FigureView]


class FactView(BaseModel):
    """One event behind a figure, as the read model kept it (no personal data)."""

    event_id: str
    type: str
    worker_id: str
    on: date
    recorded_at: str
    received_at: str
    details: dict[str, Any]

    @classmethod
    def of(cls, fact: Fact) -> FactView:
        core = {"event_id", "kind", "worker_id", "on", "recorded_at", "received_at", "sequence"}
        details = {
            k: v
            for k, v in fact.model_dump(mode="json", exclude_none=True).items()
            if k not in core
        }
        return cls(
            event_id=fact.event_id,
            type=fact.kind.value,
            worker_id=fact.worker_id,
            on=fact.on,
            recorded_at=utc_text(fact.recorded_at),
            received_at=utc_text(fact.received_at),
            details=details,
        )


class EvidenceView(BaseModel):
    """A figure and the events it was counted from."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.EVIDENCE))

    figure: FigureView
    as_of: str
    events: list[FactView]

    @staticmethod
    def figure_view(figure: Figure) -> FigureView:
        return FigureView(
            id=figure.id,
            figure=figure.name,
            breakdown=figure.breakdown,
            key=figure.key,
            value=figure.value,
        )
