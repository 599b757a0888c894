"""Remittances workers send home, and their totals per worker, province, commune and month."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.aftercare import examples as ex
from services.aftercare.domain.case import WorkerCase, require_open
from services.aftercare.domain.dates import local_date
from shared.actor import Actor
from shared.contracts.aftercare import RemittanceReported
from shared.errors import FieldError
from shared.numbers import MAX_VND

VND = "VND"


class ReportRemittance(BaseModel):
    """Money a worker sent home, as the worker or the family reported it."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.REPORT_REMITTANCE),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        allow_inf_nan=False,
    )

    amount: float = Field(gt=0, le=1e12)
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. JPY, KRW, VND")
    amount_vnd: int | None = Field(
        default=None,
        gt=0,
        le=MAX_VND,
        description="VND equivalent; required unless the currency is VND",
    )
    sent_on: date
    reported_by: Actor


class Remittance(BaseModel):
    """One remittance, with where the worker's home is, for totals by locality."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.REMITTANCE))

    remittance_id: str
    worker_id: str
    placement_id: str
    province_code: str | None = None
    commune_code: str | None = None
    amount: float
    currency: str
    amount_vnd: int
    sent_on: date
    reported_by: str
    reported_at: datetime

    @property
    def month(self) -> str:
        """The month it was sent, ``YYYY-MM``."""
        return f"{self.sent_on:%Y-%m}"


def report_remittance(
    case: WorkerCase, command: ReportRemittance, *, remittance_id: str, now: datetime
) -> tuple[Remittance, RemittanceReported]:
    """Returns the remittance record and its event, or raises if the report breaks a rule."""
    journey = case.require_case()
    require_open(journey)
    assert journey.departure is not None
    if command.sent_on > local_date(now):
        raise FieldError("sent_on", "is in the future")
    if command.sent_on < local_date(journey.departure.departed_at):
        raise FieldError("sent_on", "is before the worker departed")
    amount_vnd = _amount_in_vnd(command)
    locality = case.profile.locality if case.profile else None
    remittance = Remittance(
        remittance_id=remittance_id,
        worker_id=case.worker_id,
        placement_id=journey.departure.placement_id,
        province_code=locality.province_code if locality else None,
        commune_code=locality.commune_code if locality else None,
        amount=command.amount,
        currency=command.currency,
        amount_vnd=amount_vnd,
        sent_on=command.sent_on,
        reported_by=command.reported_by,
        reported_at=now,
    )
    event = RemittanceReported(
        worker_id=case.worker_id,
        placement_id=remittance.placement_id,
        remittance_id=remittance_id,
        amount=command.amount,
        currency=command.currency,
        amount_vnd=amount_vnd,
        sent_on=command.sent_on,
        reported_by=command.reported_by,
        reported_at=now,
    )
    return remittance, event


def _amount_in_vnd(command: ReportRemittance) -> int:
    if command.currency == VND:
        if not command.amount.is_integer():
            raise FieldError("amount", "VND amounts are whole numbers")
        if command.amount_vnd is not None and command.amount_vnd != int(command.amount):
            raise FieldError("amount_vnd", "must equal the amount when the currency is VND")
        return int(command.amount)
    if command.amount_vnd is None:
        raise FieldError("amount_vnd", "is required when the currency is not VND", "missing")
    return command.amount_vnd


class TotalBy(StrEnum):
    """A dimension remittance totals can be grouped by."""

    WORKER = "worker"
    PROVINCE = "province"
    COMMUNE = "commune"
    MONTH = "month"


class RemittanceTotal(BaseModel):
    """The remittances of one group: how many, and how much in VND."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.REMITTANCE_TOTAL))

    worker_id: str | None = None
    province_code: str | None = None
    commune_code: str | None = None
    month: str | None = None
    count: int
    total_vnd: int


def remittance_totals(
    remittances: Iterable[Remittance], by: Sequence[TotalBy]
) -> list[RemittanceTotal]:
    """Returns the count and VND total of each group, sorted by the group's key.

    A commune total also names its province: commune codes are unique only within Vietnam's
    current list, and the key keeps the two together. Unknown localities group as None.
    """
    dimensions = set(by)
    if TotalBy.COMMUNE in dimensions:
        dimensions.add(TotalBy.PROVINCE)
    groups: dict[tuple[str, ...], RemittanceTotal] = {}
    for remittance in remittances:
        key_fields = _key_fields(remittance, dimensions)
        key = tuple(str(key_fields.get(name) or "") for name in _KEY_ORDER)
        total = groups.get(key)
        if total is None:
            total = groups[key] = RemittanceTotal(**key_fields, count=0, total_vnd=0)
        total.count += 1
        total.total_vnd += remittance.amount_vnd
    return [groups[key] for key in sorted(groups)]


_KEY_ORDER = ("province_code", "commune_code", "worker_id", "month")


def _key_fields(remittance: Remittance, dimensions: set[TotalBy]) -> dict[str, str | None]:
    fields: dict[str, str | None] = {}
    if TotalBy.PROVINCE in dimensions:
        fields["province_code"] = remittance.province_code
    if TotalBy.COMMUNE in dimensions:
        fields["commune_code"] = remittance.commune_code
    if TotalBy.WORKER in dimensions:
        fields["worker_id"] = remittance.worker_id
    if TotalBy.MONTH in dimensions:
        fields["month"] = remittance.month
    return fields
