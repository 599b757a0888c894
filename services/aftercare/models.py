"""Response schemas of aftercare's HTTP API (requests are the domain's commands)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from services.aftercare import examples as ex
from services.aftercare.domain.case import CaseSummary, Journey, WorkerCase
from services.aftercare.domain.remittances import Remittance
from shared.contracts.intake import FamilyContact


class CaseView(BaseModel):
    """A worker's case: the flat summary and every journey (no phone, no family contact)."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.CASE))

    worker_id: str
    summary: CaseSummary
    journeys: list[Journey]

    @classmethod
    def of(cls, case: WorkerCase) -> CaseView:
        """Returns the view of a case."""
        return cls(worker_id=case.worker_id, summary=case.summary(), journeys=case.journeys)


class ContactsView(BaseModel):
    """How to reach a worker and their family: personal data, served only on this route."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.CONTACTS))

    worker_id: str
    phone: str | None
    family_contact: FamilyContact | None


class WorkerRemittances(BaseModel):
    """A worker's remittances and their totals."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.WORKER_REMITTANCES))

    worker_id: str
    count: int
    total_vnd: int
    remittances: list[Remittance]
