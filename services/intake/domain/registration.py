"""A worker's details as intake records them, and the rules a registration must pass."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from services.intake.domain.cccd import cccd_contradictions, parse_cccd
from services.intake.domain.ethnicity import ethnic_group, is_ethnic_minority
from services.intake.domain.names import normalise_name
from services.intake.domain.phone import normalise_phone
from services.intake.domain.problems import Problem, raise_problems
from services.intake.domain.units import administrative_units, locality_problems
from shared.actor import Actor
from shared.consent import ALL_PURPOSES, CURRENT_NOTICE_VERSION
from shared.contracts.common import (
    ConsentPurpose,
    Gender,
    HouseholdStatus,
    Locality,
    Market,
    Sector,
)
from shared.contracts.intake import FamilyContact
from shared.dates import StorableInstant
from shared.errors import ConflictError, FieldError
from shared.messages import Phrase

ADULT_AGE = 18
VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")  # no daylight saving
EARLIEST_BIRTH = date(1900, 1, 1)  # a CCCD encodes no earlier birth year
T = TypeVar("T")
D = TypeVar("D", bound="WorkerDetails")
_NAME = re.compile(r"^[^\W\d_]+(?:[ '’\-.][^\W\d_]+)*\.?$")


class Education(StrEnum):
    """The highest level of schooling completed."""

    NONE = "none"
    PRIMARY = "primary"
    LOWER_SECONDARY = "lower_secondary"
    UPPER_SECONDARY = "upper_secondary"
    VOCATIONAL = "vocational"
    COLLEGE = "college"
    UNIVERSITY = "university"


class Consent(BaseModel):
    """The worker's recorded consent to the processing of their personal data: the purposes
    it covers and the version of the notice read to the worker.

    A record kept before purposes existed reads as consent to every purpose, with no notice
    version (``None``: the notice was not versioned then).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    recorded_by: Actor
    recorded_at: StorableInstant
    purposes: list[str] = Field(
        default_factory=lambda: [p.value for p in ALL_PURPOSES],
        max_length=len(ALL_PURPOSES) * 2,
        description="What the worker consents to: "
        + ", ".join(f"`{p.value}`" for p in ALL_PURPOSES)
        + " (default: all)",
    )
    notice_version: str | None = Field(
        default=None,
        max_length=40,
        description=f"The privacy notice read to the worker (default: `{CURRENT_NOTICE_VERSION}`)",
    )

    def withdrawn_purposes(self) -> list[ConsentPurpose]:
        """The purposes the worker's consent does not cover."""
        return [p for p in ALL_PURPOSES if p.value not in self.purposes]


class WorkerDetails(BaseModel):
    """The facts of a worker that registration records and corrections change."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    full_name: str = Field(max_length=120, examples=["Đinh Thị Linh"])
    date_of_birth: date
    gender: Gender
    national_id: str = Field(
        max_length=40,
        description="CCCD, 12 digits; spaces, dots, dashes and full-width digits are accepted "
        "(`0511 9812 3456`, `051.198.123.456`) and the 12 digits are stored",
        repr=False,
    )
    phone: str | None = Field(default=None, max_length=30, examples=["0912 345 678"], repr=False)
    ethnicity: str | None = Field(default=None, max_length=40, examples=["Thái"])
    ethnic_minority: bool = False
    household_status: HouseholdStatus
    locality: Locality
    education: Education | None = None
    desired_markets: list[Market] = Field(default_factory=list, max_length=10)
    desired_sectors: list[Sector] = Field(default_factory=list, max_length=12)
    family_contact: FamilyContact | None = Field(default=None, repr=False)


REGISTRATION_EXAMPLE: JsonDict = {
    "full_name": "Đinh Thị Linh", "date_of_birth": "1999-04-12", "gender": "female",
    "national_id": "051199123456", "phone": "0912 345 678", "ethnicity": "Hrê",
    "ethnic_minority": True, "household_status": "poor",
    "locality": {"province_code": "51", "commune_code": "21307", "former_province_code": "51",
                 "former_district_code": "529", "former_commune_code": "21304"},
    "education": "upper_secondary", "desired_markets": ["JP"],
    "desired_sectors": ["textiles_and_garments"],
    "family_contact": {"name": "Đinh Văn Hội", "relationship": "father", "phone": "0987 654 321"},
    "consent": {"recorded_at": "2025-11-03T08:00:00+07:00"},
}  # fmt: skip


class RegisterWorker(WorkerDetails):
    """A registration as a commune officer or the employment service centre takes it."""

    model_config = ConfigDict(json_schema_extra={"examples": [REGISTRATION_EXAMPLE]})

    consent: Consent


def local_date(moment: datetime) -> date:
    """Returns the calendar date in Vietnam at an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.astimezone(VIETNAM_TIME).date()


def age_on(date_of_birth: date, day: date) -> int:
    """Returns the age in whole years on a day."""
    birthday_passed = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if birthday_passed else 1)


def _unique(values: list[T]) -> list[T]:
    return list(dict.fromkeys(values))


def _name_problems(field: str, raw: str) -> tuple[str, list[Problem]]:
    name = normalise_name(raw)
    if len(name) < 2:
        return name, [Problem(field, "must have at least 2 characters")]
    if not _NAME.match(name):
        return name, [Problem(field, "may hold only letters, spaces, apostrophes and hyphens")]
    return name, []


def _phone(field: str, raw: str | None, problems: list[Problem]) -> str | None:
    if raw is None or not raw.strip():
        return None
    try:
        return normalise_phone(raw, field)
    except FieldError as error:
        problems.append(Problem.of(error))
        return None


def details_problems(details: D, *, registered_on: date) -> tuple[D, list[Problem]]:
    """Returns the details in canonical form and every rule they break.

    Canonical: name in NFC with single spaces, phones as ``+84...``, unit codes zero-padded,
    the ethnic group's official name, markets and sectors without repeats.
    """
    problems: list[Problem] = []
    full_name, name_problems = _name_problems("full_name", details.full_name)
    problems += name_problems

    dob = details.date_of_birth
    if dob > registered_on:
        problems.append(Problem("date_of_birth", "is in the future"))
    elif dob < EARLIEST_BIRTH:
        problems.append(Problem("date_of_birth", "is before 1900"))
    elif age_on(dob, registered_on) < ADULT_AGE:
        problems.append(
            Problem(
                "date_of_birth",
                Phrase("the worker must be {age} or older when registered", age=ADULT_AGE),
            )
        )

    national_id = details.national_id.strip()
    try:
        citizen_id = parse_cccd(details.national_id)
    except FieldError as error:
        problems.append(Problem.of(error))
    else:
        national_id = citizen_id.number
        problems += cccd_contradictions(citizen_id, date_of_birth=dob, gender=details.gender)

    phone = _phone("phone", details.phone, problems)

    ethnicity = details.ethnicity
    if ethnicity:
        group = ethnic_group(ethnicity)
        if group is None:
            problems.append(Problem("ethnicity", "is not one of Vietnam's 54 ethnic groups"))
        else:
            ethnicity = group
            if is_ethnic_minority(group) != details.ethnic_minority:
                problems.append(Problem("ethnic_minority", "contradicts the ethnic group recorded"))

    locality, unit_problems = locality_problems(details.locality)
    problems += unit_problems

    family_contact = details.family_contact
    if family_contact is not None:
        contact_name, contact_problems = _name_problems("family_contact.name", family_contact.name)
        problems += contact_problems
        if not family_contact.relationship.strip():
            problems.append(Problem("family_contact.relationship", "is empty"))
        contact_phone = _phone("family_contact.phone", family_contact.phone, problems)
        if not family_contact.phone.strip():
            problems.append(Problem("family_contact.phone", "is empty"))
        if contact_phone is not None and contact_phone == phone:
            problems.append(Problem("family_contact.phone", "must differ from the worker's phone"))
        family_contact = FamilyContact(
            name=contact_name,
            relationship=family_contact.relationship.strip(),
            phone=contact_phone or family_contact.phone,
        )

    canonical = details.model_copy(
        update={
            "full_name": full_name,
            "national_id": national_id,
            "phone": phone or (details.phone if details.phone and details.phone.strip() else None),
            "ethnicity": ethnicity,
            "locality": locality,
            "desired_markets": _unique(details.desired_markets),
            "desired_sectors": _unique(details.desired_sectors),
            "family_contact": family_contact,
        }
    )
    return canonical, problems


def purposes_problems(field: str, purposes: list[str]) -> tuple[list[str], list[Problem]]:
    """Returns the purposes without repeats in the purposes' order, and the problems: unknown
    purposes (named), or none given."""
    known = {p.value for p in ALL_PURPOSES}
    unknown = [p for p in dict.fromkeys(purposes) if p not in known]
    problems: list[Problem] = []
    if unknown:
        allowed = ", ".join(sorted(known))
        said = Phrase(
            "unknown purposes {purposes}; one of {allowed}",
            purposes=", ".join(unknown),
            allowed=allowed,
        )
        problems.append(Problem(field, said))
    elif not purposes:
        problems.append(Problem(field, "names no purpose"))
    return [p.value for p in ALL_PURPOSES if p.value in purposes], problems


def canonical_consent(consent: Consent) -> tuple[Consent, list[Problem]]:
    """Returns the consent with its purposes in order and the notice version filled in."""
    purposes, problems = purposes_problems("consent.purposes", consent.purposes)
    version = consent.notice_version or CURRENT_NOTICE_VERSION
    return consent.model_copy(update={"purposes": purposes, "notice_version": version}), problems


def consent_problems(consent: Consent, *, now: datetime) -> list[Problem]:
    """Returns the rules the consent breaks: recorded by someone, and not later than now."""
    problems = []
    if not consent.recorded_by:
        problems.append(Problem("consent.recorded_by", "is empty"))
    recorded_at = consent.recorded_at
    if recorded_at.tzinfo is None:
        recorded_at = recorded_at.replace(tzinfo=UTC)
    if recorded_at > now:
        problems.append(Problem("consent.recorded_at", "is in the future"))
    return problems


def validate_registration(command: RegisterWorker, *, now: datetime) -> RegisterWorker:
    """Returns the canonical registration, or raises InvalidFieldsError naming each field."""
    canonical, problems = registration_problems(command, now=now)
    raise_problems(problems)
    return canonical


def registration_problems(
    command: RegisterWorker, *, now: datetime
) -> tuple[RegisterWorker, list[Problem]]:
    """Returns the registration in canonical form and every rule it breaks."""
    canonical, problems = details_problems(command, registered_on=local_date(now))
    consent, purpose_problems = canonical_consent(command.consent)
    problems += purpose_problems + consent_problems(consent, now=now)
    return canonical.model_copy(update={"consent": consent}), problems


def taken_elsewhere(province_code: str) -> ConflictError:
    """The 409 for a national ID registered outside the caller's area: the province whose
    office to contact, never the case (its id would let an outsider look for it)."""
    province = administrative_units().current_provinces.get(province_code)
    return ConflictError(
        "national ID already registered in another area: contact the registering province's office",
        registered_in={
            "province_code": province_code,
            "province": province.name if province else None,
        },
    )
