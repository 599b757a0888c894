"""Job orders: an employer's request, through a sender, for workers of a sector in a country."""

from __future__ import annotations

import re
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from services.deployment import examples as ex
from services.deployment.domain.enterprises import Enterprise, licence_problem
from services.deployment.domain.errors import (
    FieldError,
    IllegalTransitionError,
    LicenceNotValidError,
    PositionsFilledError,
    raise_field_errors,
)
from services.deployment.domain.language import UnknownLevelError, parse_level
from shared.contracts.common import Gender, Market, Sector
from shared.contracts.deployment import (
    JobOrderClosed,
    JobOrderCloseReason,
    JobOrderPosted,
    JobOrderStatus,
    JobRequirements,
    SalaryTerms,
)
from shared.numbers import MAX_VND

MIN_WORKING_AGE = 18
MAX_SALARY = 1e12
MAX_REQUIRED_AGE = 65
MAX_CONTRACT_MONTHS = 72
_CERTIFICATE_SEPARATORS = re.compile(r"[\s\-]+")


def certificate_kind(text: str) -> str:
    """Returns a certificate kind in the form requirements and records are compared in."""
    return _CERTIFICATE_SEPARATORS.sub("_", text.strip().casefold())


class Salary(BaseModel):
    """A monthly salary in the job's currency, and what it is worth in VND."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )

    amount: float = Field(gt=0, le=MAX_SALARY, description="Gross monthly salary in `currency`")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code", examples=["JPY"])
    vnd_equivalent: int = Field(gt=0, le=MAX_VND, description="The monthly salary in VND")

    @field_validator("vnd_equivalent")
    @classmethod
    def _vnd_is_the_amount(cls, vnd_equivalent: int, info: ValidationInfo) -> int:
        if info.data.get("currency") == "VND" and vnd_equivalent != info.data.get("amount"):
            raise ValueError("must equal amount when the currency is VND")
        return vnd_equivalent


class Requirements(BaseModel):
    """What a worker must have for the job; every field is optional."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    gender: Gender | None = None
    min_age: int | None = Field(default=None, ge=MIN_WORKING_AGE, le=MAX_REQUIRED_AGE)
    max_age: int | None = Field(default=None, ge=MIN_WORKING_AGE, le=MAX_REQUIRED_AGE)
    language_level: str | None = Field(
        default=None, description="Lowest accepted level, e.g. JLPT-N4, TOPIK-3, EPS-TOPIK"
    )
    certificates: list[str] = Field(
        default_factory=list, max_length=20, description="Certificate kinds the worker must hold"
    )

    @field_validator("max_age")
    @classmethod
    def _not_below_min_age(cls, max_age: int | None, info: ValidationInfo) -> int | None:
        min_age = info.data.get("min_age")
        if max_age is not None and min_age is not None and max_age < min_age:
            raise ValueError("must not be below min_age")
        return max_age

    @field_validator("language_level")
    @classmethod
    def _known_level(cls, language_level: str | None) -> str | None:
        if not language_level:
            return None
        try:
            return parse_level(language_level).code
        except UnknownLevelError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("certificates")
    @classmethod
    def _distinct_kinds(cls, certificates: list[str]) -> list[str]:
        kinds = [certificate_kind(c) for c in certificates]
        if any(not kind for kind in kinds):
            raise ValueError("a certificate kind must not be empty")
        return sorted(set(kinds))


class JobOrderTerms(BaseModel):
    """A job order as its sender posts it."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.JOB_ORDER_TERMS),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    enterprise_id: str = Field(min_length=1, max_length=64)
    country: Market
    employer: str = Field(min_length=2, max_length=200, examples=["Shizuoka Electronics K.K."])
    sector: Sector
    positions: int = Field(ge=1, le=10_000)
    salary: Salary
    contract_term_months: int = Field(ge=1, le=MAX_CONTRACT_MONTHS)
    requirements: Requirements = Field(default_factory=Requirements)
    deadline: date = Field(description="Last day to shortlist and select workers")


class JobOrder(JobOrderTerms):
    """A posted job order: its terms, how many positions are held, and whether it recruits."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    status: JobOrderStatus = JobOrderStatus.OPEN
    filled: int = Field(default=0, ge=0, description="Placements holding a position")
    posted_at: datetime
    closed_at: datetime | None = None
    close_reason: JobOrderCloseReason | None = None

    @property
    def positions_left(self) -> int:
        """How many positions nobody holds yet."""
        return max(0, self.positions - self.filled)


def post_job_order(
    job_order_id: str, terms: JobOrderTerms, enterprise: Enterprise, today: date, now: datetime
) -> tuple[JobOrder, JobOrderPosted]:
    """Returns the open job order and its event; the sender needs a valid licence today."""
    errors: list[FieldError] = []
    if terms.enterprise_id != enterprise.id:
        errors.append(FieldError("enterprise_id", "does not name the posting enterprise"))
    if terms.deadline < today:
        errors.append(FieldError("deadline", "must not be in the past"))
    raise_field_errors(errors)
    problem = licence_problem(enterprise, today)
    if problem is not None:
        raise LicenceNotValidError(enterprise.id, problem)
    order = JobOrder(**terms.model_dump(), id=job_order_id, posted_at=now)
    return order, JobOrderPosted(
        job_order_id=order.id,
        enterprise_id=order.enterprise_id,
        country=order.country,
        employer=order.employer,
        sector=order.sector,
        positions=order.positions,
        salary=salary_terms(order.salary),
        contract_term_months=order.contract_term_months,
        requirements=JobRequirements(**order.requirements.model_dump()),
        deadline=order.deadline,
        posted_at=now,
    )


def close_job_order(
    order: JobOrder, reason: JobOrderCloseReason, now: datetime
) -> tuple[JobOrder, JobOrderClosed]:
    """Returns the order closed to new selections; placements holding positions go on."""
    if order.status is JobOrderStatus.CLOSED:
        raise IllegalTransitionError("job order", order.status, JobOrderStatus.CLOSED)
    closed = order.model_copy(
        update={"status": JobOrderStatus.CLOSED, "closed_at": now, "close_reason": reason}
    )
    return closed, JobOrderClosed(
        job_order_id=order.id,
        enterprise_id=order.enterprise_id,
        reason=reason,
        positions=order.positions,
        filled=order.filled,
        closed_at=now,
    )


def recruiting_problem(order: JobOrder, today: date) -> str | None:
    """Returns why the order takes no new shortlists or selections today, or None if it does."""
    if order.status is JobOrderStatus.CLOSED:
        return f"job order closed ({order.close_reason})"
    if today > order.deadline:
        return f"job order deadline {order.deadline} has passed"
    return None


def take_position(order: JobOrder) -> JobOrder:
    """Returns the order with one more position held; raises PositionsFilledError if none left."""
    if order.positions_left == 0:
        raise PositionsFilledError(order.id, order.positions)
    return order.model_copy(update={"filled": order.filled + 1})


def release_position(order: JobOrder) -> JobOrder:
    """Returns the order with one held position free again."""
    return order.model_copy(update={"filled": max(0, order.filled - 1)})


def salary_terms(salary: Salary) -> SalaryTerms:
    """Returns the salary as events carry it."""
    return SalaryTerms(
        monthly_salary=salary.amount,
        salary_currency=salary.currency,
        monthly_salary_vnd=salary.vnd_equivalent,
    )
