"""Rows of the spreadsheets communes keep, read into registrations by the API's own rules.

The import template (CSV, UTF-8 with or without BOM, or the first sheet of an XLSX) has one
header row, then one worker per row. Headers are matched without regard to case, accents,
spaces or dashes; the Vietnamese headers in brackets, and the XLSX template's own
(``VIETNAMESE_HEADERS``), are accepted too.

Columns (Vietnamese header accepted in brackets); * marks a required one. A row-number column
(``STT``) and a notes column (``Ghi chú``) are ignored.

- full_name* (họ và tên): as written, with diacritics.
- date_of_birth* (ngày sinh): ``DD/MM/YYYY`` (also ``D/M/YYYY``, ``DD-MM-YYYY``,
  ``DD.MM.YYYY``) or ``YYYY-MM-DD``; day first, as Vietnamese forms write it.
- gender* (giới tính): ``male``/``female``, or ``nam``/``nữ``.
- national_id* (số CCCD): 12 digits; an 11-digit number whose leading 0 a spreadsheet's
  number cell dropped is restored.
- phone (số điện thoại): any Vietnamese mobile form (``0912 345 678``, ``+84 912...``); a
  dropped leading 0 is restored.
- ethnicity (dân tộc): one of the 54 ethnic groups, e.g. ``Thái``, ``Mông``, ``Kinh``.
- ethnic_minority (dân tộc thiểu số): yes/no (``có``/``không``, ``x``, ``1``/``0``); blank
  follows the ethnicity.
- household_status* (hoàn cảnh hộ): ``poor``, ``near_poor``, ``newly_escaped_poverty``,
  ``other``, or ``hộ nghèo``, ``cận nghèo``, ``mới thoát nghèo``, ``khác``.
- province_code* (mã tỉnh, tỉnh), commune_code* (mã xã, xã): current codes (since 2025-07-01),
  e.g. ``14`` and ``04018``, or the XLSX template's drop-down choice ``14 - Sơn La``.
- former_province_code, former_district_code, former_commune_code (tỉnh cũ, huyện cũ, xã cũ):
  codes before 2025-07-01.
- education (học vấn): ``none``, ``primary``, ``lower_secondary``, ``upper_secondary``,
  ``vocational``, ``college`` or ``university``, or ``tiểu học``, ``THCS``, ``THPT``,
  ``trung cấp nghề``, ``cao đẳng``, ``đại học``, ``không đi học``.
- desired_markets (thị trường): ISO codes or names separated by ``,`` or ``;``
  (``JP; KR``, ``Nhật Bản, Đài Loan``).
- desired_sectors (ngành nghề): sector codes or Vietnamese names (``điện tử; xây dựng``).
- family_contact_name, family_contact_relationship, family_contact_phone: all three or none.
- consent* (đồng ý): must be yes (``có``, ``x``, ``1``): the worker consented to the
  processing of their data.
- consent_recorded_by: the officer who took the consent; blank: the officer importing.
- consent_recorded_on: the date the consent was taken; blank: the day of the import.

``parse_import_row`` returns a validated registration, or every (column, reason) the row breaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any, TypeVar

from pydantic import ValidationError

from services.intake.domain.cccd import canonical_cccd
from services.intake.domain.ethnicity import ethnic_group, is_ethnic_minority
from services.intake.domain.names import fold_name
from services.intake.domain.problems import Problem
from services.intake.domain.registration import (
    VIETNAM_TIME,
    Education,
    RegisterWorker,
    registration_problems,
)
from shared.contracts.common import Gender, HouseholdStatus, Market, Sector
from shared.messages import Phrase
from shared.problems import validation_message

E = TypeVar("E")
COLUMNS: tuple[str, ...] = (
    "full_name", "date_of_birth", "gender", "national_id", "phone", "ethnicity",
    "ethnic_minority", "household_status", "province_code", "commune_code",
    "former_province_code", "former_district_code", "former_commune_code", "education",
    "desired_markets", "desired_sectors", "family_contact_name", "family_contact_relationship",
    "family_contact_phone", "consent", "consent_recorded_by", "consent_recorded_on",
)  # fmt: skip
REQUIRED_COLUMNS = frozenset(
    {"full_name", "date_of_birth", "gender", "national_id", "household_status",
     "province_code", "commune_code", "consent"}
)  # fmt: skip
IGNORED_COLUMNS = frozenset({"stt", "so_thu_tu", "no", "ghi_chu", "notes"})  # row numbers, notes
VIETNAMESE_HEADERS: Mapping[str, str] = {
    "full_name": "Họ và tên", "date_of_birth": "Ngày sinh", "gender": "Giới tính",
    "national_id": "Số CCCD", "phone": "Số điện thoại", "ethnicity": "Dân tộc",
    "ethnic_minority": "Dân tộc thiểu số", "household_status": "Hoàn cảnh hộ",
    "province_code": "Tỉnh", "commune_code": "Xã", "former_province_code": "Tỉnh cũ",
    "former_district_code": "Huyện cũ", "former_commune_code": "Xã cũ",
    "education": "Học vấn", "desired_markets": "Thị trường", "desired_sectors": "Ngành nghề",
    "family_contact_name": "Họ tên người thân", "family_contact_relationship": "Quan hệ",
    "family_contact_phone": "Điện thoại người thân", "consent": "Đồng ý",
    "consent_recorded_by": "Người lấy ý kiến", "consent_recorded_on": "Ngày đồng ý",
}  # fmt: skip
"""The template's Vietnamese header of each column (the XLSX template's first row)."""
HEADER_ALIASES: Mapping[str, str] = {
    "ho_va_ten": "full_name", "ho_ten": "full_name", "ngay_sinh": "date_of_birth",
    "gioi_tinh": "gender", "so_cccd": "national_id", "cccd": "national_id",
    "so_dinh_danh": "national_id", "so_dien_thoai": "phone", "dien_thoai": "phone",
    "sdt": "phone", "dan_toc": "ethnicity", "dan_toc_thieu_so": "ethnic_minority",
    "hoan_canh_ho": "household_status", "ho_gia_dinh": "household_status",
    "ma_tinh": "province_code", "ma_xa": "commune_code", "hoc_van": "education",
    "thi_truong": "desired_markets", "nganh_nghe": "desired_sectors", "dong_y": "consent",
    "ma_tinh_cu": "former_province_code", "ma_huyen_cu": "former_district_code",
    "ma_xa_cu": "former_commune_code",
}  # fmt: skip
EDUCATION_NAMES: Mapping[str, Education] = {
    "khong di hoc": Education.NONE, "tieu hoc": Education.PRIMARY,
    "trung hoc co so": Education.LOWER_SECONDARY, "thcs": Education.LOWER_SECONDARY,
    "trung hoc pho thong": Education.UPPER_SECONDARY, "thpt": Education.UPPER_SECONDARY,
    "trung cap nghe": Education.VOCATIONAL, "cao dang": Education.COLLEGE,
    "dai hoc": Education.UNIVERSITY,
}  # fmt: skip
UNIT_COLUMNS = frozenset(
    {"province_code", "commune_code", "former_province_code", "former_district_code",
     "former_commune_code"}
)  # fmt: skip
"""Columns naming an administrative unit: a code, or a drop-down's "code - name"."""
YES = frozenset({"yes", "y", "co", "x", "1", "true", "dong y"})
NO = frozenset({"no", "n", "khong", "0", "false", ""})
GENDERS: Mapping[str, Gender] = {
    "male": Gender.MALE, "m": Gender.MALE, "nam": Gender.MALE,
    "female": Gender.FEMALE, "f": Gender.FEMALE, "nu": Gender.FEMALE,
}  # fmt: skip
HOUSEHOLDS: Mapping[str, HouseholdStatus] = {
    "poor": HouseholdStatus.POOR, "ho ngheo": HouseholdStatus.POOR, "ngheo": HouseholdStatus.POOR,
    "near poor": HouseholdStatus.NEAR_POOR, "can ngheo": HouseholdStatus.NEAR_POOR,
    "ho can ngheo": HouseholdStatus.NEAR_POOR,
    "newly escaped poverty": HouseholdStatus.NEWLY_ESCAPED_POVERTY,
    "moi thoat ngheo": HouseholdStatus.NEWLY_ESCAPED_POVERTY,
    "ho moi thoat ngheo": HouseholdStatus.NEWLY_ESCAPED_POVERTY,
    "other": HouseholdStatus.OTHER, "khac": HouseholdStatus.OTHER,
}  # fmt: skip
MARKET_NAMES: Mapping[str, Market] = {
    "japan": Market.JAPAN, "nhat ban": Market.JAPAN, "nhat": Market.JAPAN,
    "korea": Market.KOREA, "han quoc": Market.KOREA, "south korea": Market.KOREA,
    "taiwan": Market.TAIWAN, "dai loan": Market.TAIWAN,
    "saudi arabia": Market.SAUDI_ARABIA, "a rap xe ut": Market.SAUDI_ARABIA,
    "uae": Market.UNITED_ARAB_EMIRATES, "united arab emirates": Market.UNITED_ARAB_EMIRATES,
    "qatar": Market.QATAR, "germany": Market.GERMANY, "duc": Market.GERMANY,
    "bulgaria": Market.BULGARIA, "bun ga ri": Market.BULGARIA, "greece": Market.GREECE,
    "hy lap": Market.GREECE, "singapore": Market.SINGAPORE, "xin ga po": Market.SINGAPORE,
}  # fmt: skip
SECTOR_NAMES: Mapping[str, Sector] = {
    "dien tu": Sector.ELECTRONICS, "che bien thuc pham": Sector.FOOD_PROCESSING,
    "thuc pham": Sector.FOOD_PROCESSING, "nha hang khach san": Sector.RESTAURANTS_AND_HOTELS,
    "xay dung": Sector.CONSTRUCTION, "nong nghiep": Sector.AGRICULTURE,
    "dieu duong": Sector.NURSING, "ho ly": Sector.NURSING, "kaigo": Sector.NURSING,
    "ket cau thep": Sector.STEEL_CONSTRUCTION, "han": Sector.WELDING, "co khi": Sector.MECHANICS,
    "son": Sector.PAINTING, "det may": Sector.TEXTILES_AND_GARMENTS,
    "may mac": Sector.TEXTILES_AND_GARMENTS, "sieu thi": Sector.SUPERMARKETS,
    "khac": Sector.OTHER,
}  # fmt: skip
_COLUMN_OF_FIELD: Mapping[str, str] = {
    "consent.recorded_by": "consent_recorded_by",
    "consent.recorded_at": "consent_recorded_on",
}
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_LIST_SEPARATORS = re.compile(r"[,;\n|]+")
_UNIT_CHOICE = re.compile(r"^(\d+)\s+-\s+\S")


def header_key(header: str) -> str:
    """Returns a header folded as columns are matched: no case, accents, spaces or dashes."""
    return re.sub(r"[\s\-]+", "_", fold_name(header.replace("\ufeff", ""))).strip("_")


_VIETNAMESE_COLUMNS = {header_key(v): k for k, v in VIETNAMESE_HEADERS.items()}


def column_name(header: str, aliases: Mapping[str, str] = HEADER_ALIASES) -> str:
    """Returns the template column a header names ("Họ và tên" gives "full_name")."""
    key = header_key(header)
    return aliases.get(key) or _VIETNAMESE_COLUMNS.get(key, key)


def unit_code(text: str) -> str:
    """Returns the code of a unit cell: "14 - Sơn La" (a drop-down's choice) gives "14"."""
    match = _UNIT_CHOICE.match(text)
    return match[1] if match else text


def column_of(field: str) -> str:
    """Returns the template column of a registration field ("locality.commune_code" gives
    "commune_code", "family_contact.phone" gives "family_contact_phone")."""
    if field in _COLUMN_OF_FIELD:
        return _COLUMN_OF_FIELD[field]
    if field.startswith("locality."):
        return field.removeprefix("locality.")
    return field.replace(".", "_")


def parse_date(text: str) -> date | None:
    """Returns a date written day-first or ISO, or None."""
    text = text.strip()
    try:
        if match := _DAY_FIRST.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if match := _ISO.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None


def _lookup(table: Mapping[str, E], text: str, enum: Callable[[str], E] | None = None) -> E | None:
    key = fold_name(text).replace("_", " ").replace("-", " ")
    if key in table:
        return table[key]
    if enum is not None:
        try:
            return enum(text.strip().lower().replace(" ", "_"))
        except ValueError:
            try:
                return enum(text.strip().upper())
            except ValueError:
                return None
    return None


def _digits_restored(text: str, length: int) -> str:
    """Restores the leading 0 a spreadsheet's number cell drops (and its trailing ".0")."""
    value = text.strip().removesuffix(".0")
    if value.isdigit() and len(value) == length - 1:
        return "0" + value
    return value


def national_id_as_kept(text: str) -> str:
    """The national ID as a record keeps it, from however a row or an officer spelled it
    (separators dropped, a leading 0 a spreadsheet dropped restored): a rejected row and the
    record of the same person then give the same keyed hash."""
    return _digits_restored(canonical_cccd(text.strip().removesuffix(".0")), 12)


def _flag(text: str) -> bool | None:
    key = fold_name(text)
    return True if key in YES else False if key in NO else None


class _Row:
    """One row's cells by template column, and the problems found reading them."""

    def __init__(self, row: Mapping[str, str | None]) -> None:
        named = ((column_name(k), v) for k, v in row.items() if k)
        self.cells = {k: (v or "").strip() for k, v in named if k not in IGNORED_COLUMNS}
        for column in UNIT_COLUMNS & self.cells.keys():
            self.cells[column] = unit_code(self.cells[column])
        # As the API refuses it in a request: no store is handed U+0000 (shared.http).
        self.problems: list[Problem] = [
            Problem(column, "may not contain the NUL character (U+0000)")
            for column, value in self.cells.items()
            if "\x00" in value
        ]

    def text(self, column: str) -> str | None:
        value = self.cells.get(column, "")
        if not value and column in REQUIRED_COLUMNS:
            self.problems.append(Problem(column, "is required"))
        return value or None

    def parsed(
        self, column: str, parse: Callable[[str], E | None], reason: str, **params: Any
    ) -> E | None:
        value = self.text(column)
        if value is None:
            return None
        result = parse(value)
        if result is None:
            self.problems.append(Problem(column, Phrase(reason, **params) if params else reason))
        return result

    def listed(self, column: str, parse: Callable[[str], E | None], reason: str) -> list[E]:
        value = self.text(column)
        items: list[E] = []
        for part in _LIST_SEPARATORS.split(value or ""):
            if part.strip():
                item = parse(part)
                if item is None:
                    self.problems.append(Problem(column, reason))
                    return []
                items.append(item)
        return items


def _rule_broken(error: Any) -> Problem:
    message, params = validation_message(error)
    return Problem(column_of(".".join(str(p) for p in error["loc"])), Phrase(message, **params))


def parse_import_row(
    row: Mapping[str, str | None], *, imported_by: str, now: datetime
) -> RegisterWorker | list[Problem]:
    """Returns the row as a validated registration, or each (column, reason) it breaks."""
    cells = _Row(row)
    unknown = sorted(set(cells.cells) - set(COLUMNS))
    cells.problems += [Problem(column, "is not a column of the template") for column in unknown]
    date_of_birth = cells.parsed("date_of_birth", parse_date, "must be a date like 25/12/1999")
    gender = cells.parsed(
        "gender", lambda t: GENDERS.get(fold_name(t)), "must be male or female (nam or nữ)"
    )
    household = cells.parsed(
        "household_status",
        lambda t: _lookup(HOUSEHOLDS, t),
        "must be poor, near_poor, newly_escaped_poverty or other",
    )
    ethnicity = cells.text("ethnicity")
    minority_cell = cells.text("ethnic_minority")
    if minority_cell is None:
        group = ethnic_group(ethnicity) if ethnicity else None
        ethnic_minority = bool(group and is_ethnic_minority(group))
    else:
        flag = _flag(minority_cell)
        if flag is None:
            cells.problems.append(Problem("ethnic_minority", "must be yes or no"))
        ethnic_minority = bool(flag)
    education = cells.parsed(
        "education",
        lambda t: _lookup(EDUCATION_NAMES, t, Education),
        "must be one of: {values}",
        values=", ".join(Education),
    )
    markets = cells.listed(
        "desired_markets",
        lambda t: _lookup(MARKET_NAMES, t, Market),
        "lists a market that is not served: use ISO codes such as JP, KR, TW",
    )
    sectors = cells.listed(
        "desired_sectors", lambda t: _lookup(SECTOR_NAMES, t, Sector), "lists an unknown sector"
    )
    contact = {
        part: cells.text(f"family_contact_{part}") for part in ("name", "relationship", "phone")
    }
    if any(contact.values()) and not all(contact.values()):
        missing = next(part for part, value in contact.items() if not value)
        cells.problems.append(
            Problem(f"family_contact_{missing}", "is required when a family contact is given")
        )
    consent = cells.parsed("consent", _flag, "must be yes: the worker's consent is required")
    if consent is False:
        cells.problems.append(Problem("consent", "must be yes: the worker's consent is required"))
    consent_on = cells.parsed("consent_recorded_on", parse_date, "must be a date like 25/12/2025")
    full_name = cells.text("full_name")
    national_id = cells.text("national_id")
    province = cells.text("province_code")
    commune = cells.text("commune_code")
    phone = cells.text("phone")
    if cells.problems:
        return cells.problems

    fields: dict[str, Any] = {
        "full_name": full_name,
        "date_of_birth": date_of_birth,
        "gender": gender,
        "national_id": _digits_restored(national_id or "", 12),
        "phone": _digits_restored(phone, 10) if phone else None,
        "ethnicity": ethnicity,
        "ethnic_minority": ethnic_minority,
        "household_status": household,
        "locality": {
            "province_code": province,
            "commune_code": commune,
            "former_province_code": cells.text("former_province_code"),
            "former_district_code": cells.text("former_district_code"),
            "former_commune_code": cells.text("former_commune_code"),
        },
        "education": education,
        "desired_markets": markets,
        "desired_sectors": sectors,
        "family_contact": {
            "name": contact["name"],
            "relationship": contact["relationship"],
            "phone": _digits_restored(contact["phone"] or "", 10),
        }
        if all(contact.values())
        else None,
        "consent": {
            "recorded_by": cells.text("consent_recorded_by") or imported_by,
            "recorded_at": (
                datetime.combine(consent_on, time(0), VIETNAM_TIME) if consent_on else now
            ),
        },
    }
    try:
        command = RegisterWorker.model_validate(fields)
    except ValidationError as error:
        return [_rule_broken(e) for e in error.errors(include_input=False, include_url=False)]
    canonical, problems = registration_problems(command, now=now)
    if problems:
        return [Problem(column_of(p.field), p.reason) for p in problems]
    return canonical
