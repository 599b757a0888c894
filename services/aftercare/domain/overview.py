"""What needs an officer's attention across cases, counted for a dashboard's tiles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from services.aftercare.domain.case import CaseSummary, JourneyStage
from services.aftercare.domain.checkins import workers_without_contact
from services.aftercare.domain.contract_end import contracts_ending
from services.aftercare.domain.dates import local_date
from services.aftercare.domain.incidents import Incident

OVERVIEW_EXAMPLE: JsonDict = {
    "without_contact": 12, "contracts_ending": 3, "incidents_past_sla": 1,
    "returns_without_plan": 2, "no_contact_days": 30, "contract_end_window_days": 90,
    "as_of": "2026-12-06T03:00:00Z",
}  # fmt: skip


class CasesOverview(BaseModel):
    """How many cases of an area need attention now."""

    model_config = ConfigDict(json_schema_extra={"examples": [OVERVIEW_EXAMPLE]})

    without_contact: int = Field(
        description="Workers abroad nobody reached for longer than the no-contact window"
    )
    contracts_ending: int = Field(
        description="Workers abroad whose contract ends within the window, or already ended"
    )
    incidents_past_sla: int = Field(
        description="Unresolved incidents that missed their deadline to respond or to resolve"
    )
    returns_without_plan: int = Field(
        description="Workers home again whose needs and plans were not assessed yet"
    )
    no_contact_days: int
    contract_end_window_days: int
    as_of: datetime


def cases_overview(
    abroad: Iterable[CaseSummary],
    returned: Iterable[CaseSummary],
    unresolved: Iterable[Incident],
    *,
    now: datetime,
    no_contact_days: int,
    window_days: int,
) -> CasesOverview:
    """Returns the counts of an area's cases that need attention at ``now``."""
    abroad = list(abroad)
    return CasesOverview(
        without_contact=len(workers_without_contact(abroad, now=now, max_days=no_contact_days)),
        contracts_ending=len(
            contracts_ending(abroad, today=local_date(now), within_days=window_days)
        ),
        incidents_past_sla=sum(1 for incident in unresolved if incident.overdue(now)),
        returns_without_plan=sum(
            1
            for case in returned
            if case.stage == JourneyStage.RETURNED
            and not case.reintegration_planned
            and not case.merged_into
        ),
        no_contact_days=no_contact_days,
        contract_end_window_days=window_days,
        as_of=now,
    )
