"""Response schemas of intake's HTTP API (requests are the domain's commands)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from services.intake import examples as ex
from services.intake.domain.eligibility import Eligibility, Outcome, Rule
from services.intake.domain.registration import Consent, Education
from services.intake.domain.worker import (
    ConsentChange,
    JourneyStart,
    Revision,
    StatusChange,
    Worker,
    WorkerStatus,
)
from shared.contracts.common import Gender, HouseholdStatus, Locality, Market, Sector
from shared.contracts.intake import FamilyContact, SupportEligibility
from shared.messages import said
from shared.store import Document

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_\-~.]{0,127}$"
MASKED_FIELDS = frozenset({"national_id", "phone", "family_contact.phone"})


def mask_national_id(number: str) -> str:
    """Returns a national ID with all but its last three digits hidden (the first six follow
    from the birth province, gender and year, so each digit shown more is ten times fewer
    guesses left)."""
    return f"{'*' * 9}{number[-3:]}"


SUMMARY_EXAMPLE: JsonDict = {
    "worker_id": "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11", "full_name": "Đinh Thị Linh",
    "date_of_birth": "1999-04-12", "gender": "female", "ethnic_minority": True,
    "household_status": "poor",
    "locality": {"province_code": "51", "commune_code": "21307", "former_province_code": "51",
                 "former_district_code": "529", "former_commune_code": "21304"},
    "desired_markets": ["JP"], "status": "registered", "registered_at": "2025-11-03T01:00:00Z",
}  # fmt: skip


class WorkerSummary(BaseModel):
    """A worker in a list: enough to recognise them, no contact details."""

    worker_id: str
    full_name: str
    date_of_birth: date
    gender: Gender
    ethnic_minority: bool
    household_status: HouseholdStatus
    locality: Locality
    desired_markets: list[Market]
    status: WorkerStatus
    registered_at: datetime

    @classmethod
    def of(cls, document: Document) -> WorkerSummary:
        """Returns the summary of a stored worker."""
        return cls.model_validate({**document, "worker_id": document["_id"]})


class WorkerView(WorkerSummary):
    """A worker's record as intake shows it: the national ID masked, contacts for follow-up."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **SUMMARY_EXAMPLE,
                    "national_id_masked": "0511********",
                    "phone": "0912 345 678",
                    "ethnicity": "Hrê",
                    "education": "upper_secondary",
                    "desired_sectors": ["textiles_and_garments"],
                    "family_contact": {
                        "name": "Đinh Văn Hội",
                        "relationship": "father",
                        "phone": "0987 654 321",
                    },
                    "consent": {
                        "recorded_by": "cb-son-linh",
                        "recorded_at": "2025-11-03T01:00:00Z",
                    },
                    "revision": 1,
                    "registered_by": "cb-son-linh",
                    "status_history": [],
                    "merged_into": None,
                    "merged_from": [],
                    "journey": 1,
                    "journey_starts": [],
                }
            ]
        }
    )

    national_id_masked: str
    phone: str | None
    ethnicity: str | None
    education: Education | None
    desired_sectors: list[Sector]
    family_contact: FamilyContact | None
    consent: Consent
    consent_history: list[ConsentChange] = Field(
        default_factory=list, description="Consent given again or withdrawn since registration"
    )
    revision: int
    registered_by: str
    status_history: list[StatusChange]
    merged_into: str | None
    merged_from: list[str]
    journey: int = Field(description="The worker's current journey: 1, then one more per return")
    journey_starts: list[JourneyStart] = Field(description="Who started each later journey, when")
    died_abroad_on: date | None = Field(
        default=None, description="The day the worker died abroad, as aftercare recorded it"
    )
    likely_duplicates: list[str] = Field(
        default_factory=list, description="Records flagged with this one for review (on create)"
    )

    @classmethod
    def of(
        cls,
        document: Document,
        likely_duplicates: list[str] | None = None,
        died_abroad_on: date | None = None,
    ) -> WorkerView:
        """Returns the view of a stored worker (with the death abroad aftercare told of)."""
        worker = Worker.model_validate(document)
        return cls.model_validate(
            {
                **worker.model_dump(),
                "national_id_masked": mask_national_id(worker.national_id),
                "likely_duplicates": likely_duplicates or [],
                "died_abroad_on": died_abroad_on,
            }
        )


class WorkerPage(BaseModel):
    """One page of a search, newest registration first."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [SUMMARY_EXAMPLE], "next_cursor": None}]}
    )

    items: list[WorkerSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: end")


def _masked(field: str, value: Any) -> Any:
    if value is None or field not in MASKED_FIELDS:
        return value
    return mask_national_id(str(value)) if field == "national_id" else f"***{str(value)[-3:]}"


class RevisionView(BaseModel):
    """A correction as the audit trail shows it (national ID and phones masked)."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.REVISION))

    number: int
    by: str
    at: datetime
    reason: str | None
    changes: list[dict[str, Any]]

    @classmethod
    def of(cls, revision: Revision) -> RevisionView:
        """Returns the audit view of a revision."""
        changes = [
            {"field": c.field, "old": _masked(c.field, c.old), "new": _masked(c.field, c.new)}
            for c in revision.changes
        ]
        return cls(
            number=revision.number,
            by=revision.by,
            at=revision.at,
            reason=revision.reason,
            changes=changes,
        )


class RuleView(BaseModel):
    """One rule's outcome and reason."""

    rule: Rule
    outcome: Outcome
    reason: str


class EligibilityView(BaseModel):
    """Each eligibility rule for a worker today, and the supports that follow."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.ELIGIBILITY))

    worker_id: str
    assessed_on: date
    rules: list[RuleView]
    support: SupportEligibility

    @classmethod
    def of(cls, worker_id: str, eligibility: Eligibility, language: str) -> EligibilityView:
        """Returns the view of an assessment, its reasons in ``language``."""
        return cls(
            worker_id=worker_id,
            assessed_on=eligibility.assessed_on,
            rules=[
                RuleView(rule=r.rule, outcome=r.outcome, reason=said(r.reason, language))
                for r in eligibility.results
            ],
            support=eligibility.support(),
        )


class MatchView(BaseModel):
    """Why the finder put a record in a group: the record it matched, the score, the reasons."""

    worker_id: str
    matched_with: str
    score: int
    reasons: list[str]


class ReviewView(BaseModel):
    """A group of likely duplicates in the review queue, with its decision once made."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.REVIEW))

    review_id: str
    worker_ids: list[str] = Field(description="The group's members, the oldest first")
    more_records: int = Field(
        default=0, description="Records of the group that joined after the list was full"
    )
    score: int = Field(default=0, description="The likeliest member's score (0-100)")
    candidates: list[MatchView] = Field(
        default_factory=list,
        description="Each member the finder matched, the record it matched with, the score "
        "and the reasons (name letters apart, birth date same or swapped, commune, district)",
    )
    status: str
    flagged_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    survivor_id: str | None = None
    merged_ids: list[str] = Field(
        default_factory=list, description="Same person: the members merged into the survivor"
    )
    merge_completed: bool = False

    @classmethod
    def of(cls, document: Document) -> ReviewView:
        """Returns the view of a stored review (the likely-duplicate key stays inside)."""
        return cls.model_validate(document)


class ImportJobView(BaseModel):
    """A bulk import: its progress and what its rows became."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.IMPORT_JOB))

    job_id: str
    filename: str
    format: str
    kind: str = "registrations"
    """``registrations``, or ``cases``: a migration of cases already in progress."""
    status: str
    imported_by: str
    total_rows: int
    processed_rows: int
    created: int = 0
    already_imported: int = 0
    duplicate: int = 0
    rejected: int = 0
    submitted_at: datetime
    finished_at: datetime | None = None
    error: str | None = None
    results_url: str

    @classmethod
    def of(cls, document: Document) -> ImportJobView:
        """Returns the view of a stored job."""
        return cls.model_validate(
            {
                **document,
                **document.get("counts", {}),
                "job_id": document["_id"],
                "results_url": f"/imports/{document['_id']}/results.csv",
            }
        )


class ImportRowView(BaseModel):
    """What one row of an import became (row numbers as the spreadsheet shows them)."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.IMPORT_ROW))

    row: int
    outcome: str
    worker_id: str | None = None
    duplicate_of: str | None = None
    likely_duplicates: list[str] = []
    problems: list[dict[str, str]] = []
