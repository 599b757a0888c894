"""Rows of a migration spreadsheet: a registration plus the stage the case had reached.

The migration template is the registration template (``bulk_import.COLUMNS``) followed by
the stage columns below (``STAGE_COLUMNS``); the header rules are the same (case, accents,
spaces and dashes ignored; the Vietnamese headers in brackets accepted). * marks a required
column; the others are required by the stages named.

- stage* (giai đoạn): ``registered``, ``trained``, ``placed``, ``abroad`` or ``returned``
  (``đã đăng ký``, ``đã đào tạo``, ``đã ký hợp đồng``, ``đang ở nước ngoài``, ``đã về nước``).
- certificate_kind, certificate_market, certificate_language_level, certificate_number,
  certificate_issued_on; and a second certificate in the same columns prefixed
  ``certificate_2_``: the kind is ``language``, ``vocational`` or ``orientation`` (``ngoại
  ngữ``, ``nghề``, ``định hướng``); the market is required for orientation; the level is
  training's code (``JLPT-N4``, ``EPS-TOPIK``, ``CEFR-B1``). At least one certificate at stage
  ``trained``; allowed at every later stage.
- sender_licence_number (số giấy phép), employer (chủ sử dụng), country (nước đến), sector
  (ngành), contract_start (ngày bắt đầu hợp đồng), contract_end (ngày kết thúc hợp đồng):
  required from stage ``placed`` on. The sender must be in the licence register, its licence
  valid on the day of departure (or today, for a worker not gone yet).
- departed_on (ngày xuất cảnh): from stage ``abroad`` on; returned_on (ngày về nước): at
  stage ``returned``.

Dates are written as in the registration template. A certificate's, a departure's or a
return's day may not be in the future; a contract ends after it starts and after the
departure; a return follows the departure. A column a stage does not use must stay blank.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from services.intake.domain.bulk_import import (
    COLUMNS,
    HEADER_ALIASES,
    MARKET_NAMES,
    REQUIRED_COLUMNS,
    SECTOR_NAMES,
    VIETNAMESE_HEADERS,
    _lookup,
    header_key,
    parse_date,
)
from services.intake.domain.names import fold_name
from services.intake.domain.problems import Problem
from shared.contracts.common import Market, Sector
from shared.contracts.intake import ImportedCertificate, ImportedStage, WorkerCaseImported
from shared.messages import Phrase

CERTIFICATE_PARTS = ("kind", "market", "language_level", "number", "issued_on")
CERTIFICATE_SLOTS = ("certificate", "certificate_2")
PLACEMENT_COLUMNS = (
    "sender_licence_number", "employer", "country", "sector", "contract_start", "contract_end",
)  # fmt: skip
STAGE_COLUMNS: tuple[str, ...] = (
    "stage",
    *(f"{slot}_{part}" for slot in CERTIFICATE_SLOTS for part in CERTIFICATE_PARTS),
    *PLACEMENT_COLUMNS,
    "departed_on",
    "returned_on",
)
"""The columns a migration row adds to the registration template's, in the template's order."""
CASE_COLUMNS: tuple[str, ...] = (*COLUMNS, *STAGE_COLUMNS)
CASE_REQUIRED_COLUMNS = REQUIRED_COLUMNS | {"stage"}
_CERTIFICATE_HEADERS = {
    "kind": "Loại chứng chỉ", "market": "Thị trường của chứng chỉ",
    "language_level": "Trình độ ngoại ngữ", "number": "Số chứng chỉ",
    "issued_on": "Ngày cấp chứng chỉ",
}  # fmt: skip
STAGE_VIETNAMESE_HEADERS: Mapping[str, str] = {
    "stage": "Giai đoạn",
    **{f"certificate_{part}": header for part, header in _CERTIFICATE_HEADERS.items()},
    **{f"certificate_2_{part}": f"{header} 2" for part, header in _CERTIFICATE_HEADERS.items()},
    "sender_licence_number": "Số giấy phép", "employer": "Chủ sử dụng", "country": "Nước đến",
    "sector": "Ngành", "contract_start": "Ngày bắt đầu hợp đồng",
    "contract_end": "Ngày kết thúc hợp đồng", "departed_on": "Ngày xuất cảnh",
    "returned_on": "Ngày về nước",
}  # fmt: skip
"""The migration template's Vietnamese header of each stage column."""
CASE_VIETNAMESE_HEADERS: Mapping[str, str] = {**VIETNAMESE_HEADERS, **STAGE_VIETNAMESE_HEADERS}
"""The migration template's Vietnamese header of every column, in ``CASE_COLUMNS``."""
CASE_HEADER_ALIASES: Mapping[str, str] = {
    **HEADER_ALIASES,
    **{header_key(header): column for column, header in STAGE_VIETNAMESE_HEADERS.items()},
}
STAGES: Mapping[str, ImportedStage] = {
    "registered": ImportedStage.REGISTERED, "da dang ky": ImportedStage.REGISTERED,
    "trained": ImportedStage.TRAINED, "da dao tao": ImportedStage.TRAINED,
    "placed": ImportedStage.PLACED, "da ky hop dong": ImportedStage.PLACED,
    "abroad": ImportedStage.ABROAD, "dang o nuoc ngoai": ImportedStage.ABROAD,
    "da xuat canh": ImportedStage.ABROAD,
    "returned": ImportedStage.RETURNED, "da ve nuoc": ImportedStage.RETURNED,
}  # fmt: skip
CERTIFICATE_KINDS: Mapping[str, str] = {
    "language": "language", "ngoai ngu": "language", "tieng": "language",
    "vocational": "vocational", "nghe": "vocational", "day nghe": "vocational",
    "orientation": "orientation", "dinh huong": "orientation",
    "giao duc dinh huong": "orientation",
}  # fmt: skip
ORDER = tuple(ImportedStage)
DATE_REASON = "must be a date like 25/12/2023"
FUTURE_REASON = "is in the future: only what already happened is migrated"


def reached(stage: ImportedStage, step: ImportedStage) -> bool:
    """Returns whether a case at ``stage`` has gone through ``step``."""
    return ORDER.index(stage) >= ORDER.index(step)


@dataclass(frozen=True)
class PlacementFacts:
    """A migrated placement as the row states it, before the sender is looked up."""

    licence_number: str
    employer: str
    country: Market
    sector: Sector
    contract_start: date
    contract_end: date
    departed_on: date | None = None
    returned_on: date | None = None

    @property
    def sent_on(self) -> date | None:
        """The day the sender's licence must have been valid: the departure, if any."""
        return self.departed_on


@dataclass(frozen=True)
class CaseFacts:
    """The stage a migrated case reached and its facts, validated."""

    stage: ImportedStage
    certificates: tuple[ImportedCertificate, ...] = ()
    placement: PlacementFacts | None = None

    @property
    def occurred_on(self) -> date | None:
        """The day of the latest fact, or None for a case only registered."""
        days = [c.issued_on for c in self.certificates]
        if self.placement is not None:
            days += [
                d for d in (self.placement.departed_on, self.placement.returned_on) if d is not None
            ]
        return max(days) if days else None


class _Cells:
    """A row's stage cells and the problems found reading them."""

    def __init__(self, row: Mapping[str, str], today: date) -> None:
        self.row = row
        self.today = today
        self.problems: list[Problem] = []

    def text(self, column: str) -> str | None:
        return (self.row.get(column) or "").strip() or None

    def required(self, column: str, why: str) -> str | None:
        value = self.text(column)
        if value is None:
            self.problems.append(Problem(column, Phrase("is required {why}", why=why)))
        return value

    def parsed(
        self, column: str, parse: Callable[[str], object | None], reason: str, why: str
    ) -> object | None:
        value = self.required(column, why)
        if value is None:
            return None
        result = parse(value)
        if result is None:
            self.problems.append(Problem(column, reason))
        return result

    def day(self, column: str, why: str, *, past: bool = False) -> date | None:
        found = self.parsed(column, parse_date, DATE_REASON, why)
        if not isinstance(found, date):
            return None
        if past and found > self.today:
            self.problems.append(Problem(column, FUTURE_REASON))
            return None
        return found

    def blank(self, columns: tuple[str, ...], why: str) -> None:
        self.problems += [
            Problem(column, Phrase("must be blank {why}", why=why))
            for column in columns
            if self.text(column)
        ]


def parse_case_facts(row: Mapping[str, str], *, today: date) -> CaseFacts | list[Problem]:
    """Returns the stage and its facts a row states, or each (column, reason) it breaks."""
    cells = _Cells(row, today)
    # As the API refuses it in a request: no store is handed U+0000 (shared.http).
    nul = [c for c in STAGE_COLUMNS if "\x00" in (row.get(c) or "")]
    if nul:
        return [Problem(c, "may not contain the NUL character (U+0000)") for c in nul]
    stage = cells.parsed(
        "stage",
        lambda t: STAGES.get(fold_name(t).replace("_", " ")),
        Phrase("must be one of: {values}", values=", ".join(ImportedStage)),
        "",
    )
    if not isinstance(stage, ImportedStage):
        return cells.problems
    certificates = tuple(
        c for slot in CERTIFICATE_SLOTS if (c := _certificate(cells, slot)) is not None
    )
    if stage is ImportedStage.TRAINED and not certificates and not cells.problems:
        cells.problems.append(Problem("certificate_kind", "is required at stage trained"))
    if stage is ImportedStage.REGISTERED:
        cells.blank(
            tuple(f"{s}_{p}" for s in CERTIFICATE_SLOTS for p in CERTIFICATE_PARTS),
            "at stage registered",
        )
    placement = _placement(cells, stage)
    if cells.problems:
        return cells.problems
    return CaseFacts(stage=stage, certificates=certificates, placement=placement)


def _certificate(cells: _Cells, slot: str) -> ImportedCertificate | None:
    columns = tuple(f"{slot}_{part}" for part in CERTIFICATE_PARTS)
    if not any(cells.text(c) for c in columns):
        return None
    why = "for a certificate"
    kind = cells.parsed(
        f"{slot}_kind",
        lambda t: CERTIFICATE_KINDS.get(fold_name(t)),
        "must be language, vocational or orientation",
        why,
    )
    market_text = cells.text(f"{slot}_market")
    market = _lookup(MARKET_NAMES, market_text, Market) if market_text else None
    if market_text and market is None:
        cells.problems.append(
            Problem(f"{slot}_market", "is not a market served: use ISO codes such as JP, KR")
        )
    if kind == "orientation" and market_text is None:
        cells.problems.append(Problem(f"{slot}_market", "is required for orientation"))
    number = cells.required(f"{slot}_number", why)
    issued_on = cells.day(f"{slot}_issued_on", why, past=True)
    if not isinstance(kind, str) or number is None or issued_on is None:
        return None
    return ImportedCertificate(
        number=number[:60],
        kind=kind,
        market=market,
        language_level=cells.text(f"{slot}_language_level"),
        issued_on=issued_on,
    )


def _placement(cells: _Cells, stage: ImportedStage) -> PlacementFacts | None:
    if not reached(stage, ImportedStage.PLACED):
        cells.blank((*PLACEMENT_COLUMNS, "departed_on", "returned_on"), f"at stage {stage}")
        return None
    why = f"at stage {stage}"
    licence = cells.required("sender_licence_number", why)
    employer = cells.required("employer", why)
    country = cells.parsed(
        "country",
        lambda t: _lookup(MARKET_NAMES, t, Market),
        "is not a market served: use ISO codes such as JP, KR",
        why,
    )
    sector = cells.parsed(
        "sector", lambda t: _lookup(SECTOR_NAMES, t, Sector), "is not a known sector", why
    )
    start = cells.day("contract_start", why)
    end = cells.day("contract_end", why)
    departed = returned = None
    if reached(stage, ImportedStage.ABROAD):
        departed = cells.day("departed_on", why, past=True)
    else:
        cells.blank(("departed_on",), why)
    if stage is ImportedStage.RETURNED:
        returned = cells.day("returned_on", why, past=True)
    else:
        cells.blank(("returned_on",), why)
    if start and end and end <= start:
        cells.problems.append(Problem("contract_end", "must be after contract_start"))
    if departed and end and end <= departed:
        cells.problems.append(Problem("contract_end", "must be after departed_on"))
    if departed and returned and returned < departed:
        cells.problems.append(Problem("returned_on", "must not be before departed_on"))
    if not (
        licence
        and employer
        and isinstance(country, Market)
        and isinstance(sector, Sector)
        and start
        and end
    ):
        return None
    return PlacementFacts(
        licence_number=licence,
        employer=employer[:200],
        country=country,
        sector=sector,
        contract_start=start,
        contract_end=end,
        departed_on=departed,
        returned_on=returned,
    )


def case_key(case: WorkerCaseImported) -> str:
    """Returns the digest of a migrated case's stage facts (the stage, certificates, sender,
    employer, contract and days; not the ids, who imported it or when): the same row
    imported again, from any file, has the same key."""
    facts = case.model_dump(
        mode="json",
        include={"stage", "certificates", "placement", "occurred_on"},
        exclude={"placement": {"placement_id"}},
    )
    canonical = json.dumps(facts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def before_birth(row: Mapping[str, str], born: date) -> list[Problem]:
    """Returns a problem for each day of a stage fact (a certificate, the departure) that is
    not after the worker's birth."""
    columns = (*(f"{slot}_issued_on" for slot in CERTIFICATE_SLOTS), "departed_on")
    return [
        Problem(column, "is before the worker's date of birth")
        for column in columns
        if (day := parse_date(row.get(column) or "")) is not None and day <= born
    ]
