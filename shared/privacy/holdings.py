"""Where each service keeps personal data about a worker: the data inventory's views.

One row per collection holding a worker's record: the service, the collection, the field that
names the worker, the personal fields it keeps, the purposes they serve and how long they are
kept. The personal-data export, the breach commands and docs/privacy.md read this table; a test
holds it to the views' models.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.contracts.common import ConsentPurpose

P = ConsentPurpose
WHILE_OPEN = "while the case is open, then as the retention table says"


@dataclass(frozen=True)
class Holding:
    """A collection of one service that keeps something about a worker."""

    service: str
    where: str
    worker_field: str
    what: str
    fields: tuple[str, ...]
    purposes: tuple[ConsentPurpose, ...]
    retention: str
    encrypted: bool = False


HOLDINGS: tuple[Holding, ...] = (
    Holding(
        "intake",
        "workers",
        "_id",
        "the worker's record: identity, contacts, household, consent and their history",
        (
            "full_name",
            "date_of_birth",
            "gender",
            "national_id",
            "phone",
            "ethnicity",
            "household_status",
            "locality",
            "education",
            "family_contact",
            "consent",
            "revisions",
        ),
        (P.CASE_MANAGEMENT,),
        WHILE_OPEN + " (withdrawn, never sent abroad: 2 years)",
    ),
    Holding(
        "intake",
        "workers",
        "_id",
        "consultations, referrals and loans on the worker's record",
        ("consultations", "referrals", "loans"),
        (P.CASE_MANAGEMENT, P.PLACEMENT),
        WHILE_OPEN,
    ),
    Holding(
        "training",
        "candidates",
        "_id",
        "the trainee: profile copied from intake, enrolments, attendance, assessments, "
        "certificates and their numbers",
        ("profile", "enrolments", "assessments", "full_name"),
        (P.TRAINING,),
        WHILE_OPEN,
    ),
    Holding(
        "deployment",
        "candidates",
        "_id",
        "the candidate: profile, training reached, contracts abroad",
        ("profile", "ethnicity", "education", "training", "contracts"),
        (P.PLACEMENT,),
        WHILE_OPEN,
    ),
    Holding(
        "deployment",
        "placements",
        "worker_id",
        "placements: job order, employer, contract, visa, departure",
        ("employer", "salary", "contract_start", "contract_end", "state"),
        (P.PLACEMENT,),
        WHILE_OPEN,
    ),
    Holding(
        "aftercare",
        "cases",
        "_id",
        "the case abroad and after return: check-ins, incidents, remittances, reintegration",
        ("profile", "journeys", "timeline", "summary"),
        (P.AFTERCARE,),
        "5 years after the case closed, then erased",
    ),
    Holding(
        "notifications",
        "worker_facts",
        "_id",
        "the facts the alert rules read: commune, departure, contract end, last contact",
        (),
        (P.AFTERCARE,),
        WHILE_OPEN,
    ),
    Holding(
        "reporting",
        "facts",
        "_id",
        "de-identified facts counted in reports (no name, contact or birth date)",
        (),
        (P.STATISTICS,),
        "kept: de-identified",
    ),
)


def holdings_of(service: str) -> tuple[Holding, ...]:
    """The collections of a service that keep something about a worker."""
    return tuple(h for h in HOLDINGS if h.service == service)


def personal_holdings() -> tuple[Holding, ...]:
    """The collections that keep personal fields (what a breach of them could expose)."""
    return tuple(h for h in HOLDINGS if h.fields)
