"""Bulk import rows: read with the template's columns and the API's own rules."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.bulk_import import (
    COLUMNS,
    column_name,
    column_of,
    national_id_as_kept,
    parse_date,
    parse_import_row,
)
from services.intake.domain.problems import Problem
from services.intake.domain.registration import RegisterWorker
from shared.contracts.common import Gender, HouseholdStatus, Market, Sector
from tests.intake.samples import NOW, cccd

IMPORTER = "cb-quangngai-import"


def row(**overrides: str) -> dict[str, str]:
    cells = {
        "full_name": "Phạm Ngọc Huy",
        "date_of_birth": "15/03/1994",
        "gender": "nam",
        "national_id": cccd("1994-03-15", "male", serial=778899),
        "phone": "0905 123 456",
        "ethnicity": "Kinh",
        "ethnic_minority": "",
        "household_status": "cận nghèo",
        "province_code": "51",
        "commune_code": "21307",
        "former_province_code": "51",
        "former_district_code": "529",
        "former_commune_code": "21304",
        "education": "lower_secondary",
        "desired_markets": "Hàn Quốc; JP",
        "desired_sectors": "nông nghiệp, construction",
        "family_contact_name": "Phạm Thị Lan",
        "family_contact_relationship": "vợ",
        "family_contact_phone": "0978 111 222",
        "consent": "có",
        "consent_recorded_by": "",
        "consent_recorded_on": "01/11/2025",
    }
    cells.update(overrides)
    return cells


def parsed(**overrides: str) -> RegisterWorker:
    result = parse_import_row(row(**overrides), imported_by=IMPORTER, now=NOW)
    assert isinstance(result, RegisterWorker), result
    return result


def problems(**overrides: str) -> list[Problem]:
    result = parse_import_row(row(**overrides), imported_by=IMPORTER, now=NOW)
    assert isinstance(result, list), result
    return result


def test_a_good_row_becomes_a_canonical_registration() -> None:
    command = parsed()
    assert command.full_name == "Phạm Ngọc Huy"
    assert command.date_of_birth == date(1994, 3, 15)
    assert command.gender is Gender.MALE
    assert command.household_status is HouseholdStatus.NEAR_POOR
    assert command.ethnic_minority is False
    assert command.phone == "+84905123456"
    assert command.desired_markets == [Market.KOREA, Market.JAPAN]
    assert command.desired_sectors == [Sector.AGRICULTURE, Sector.CONSTRUCTION]
    assert command.family_contact is not None
    assert command.family_contact.phone == "+84978111222"
    assert command.locality.commune_code == "21307"
    assert command.consent.recorded_by == IMPORTER
    assert command.consent.recorded_at.date() == date(2025, 11, 1)


def test_vietnamese_headers_and_accents_are_understood() -> None:
    cells = row()
    renamed = {
        "Họ và tên": cells.pop("full_name"),
        "Ngày sinh": cells.pop("date_of_birth"),
        "Giới tính": cells.pop("gender"),
        "Số CCCD": cells.pop("national_id"),
        "Dân tộc": cells.pop("ethnicity"),
        "\ufeffMã tỉnh": cells.pop("province_code"),
        "MÃ XÃ": cells.pop("commune_code"),
        "Đồng ý": cells.pop("consent"),
        **cells,
    }
    result = parse_import_row(renamed, imported_by=IMPORTER, now=NOW)
    assert isinstance(result, RegisterWorker)
    assert result.full_name == "Phạm Ngọc Huy"


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Full name", "full_name"),
        ("DATE-OF-BIRTH", "date_of_birth"),
        ("họ tên", "full_name"),
        ("SĐT", "phone"),
        ("Số điện thoại", "phone"),
        ("Thị trường", "desired_markets"),
    ],
)
def test_header_names(header: str, column: str) -> None:
    assert column_name(header) == column


def test_an_ethnic_minority_row_derives_the_flag_from_the_ethnicity() -> None:
    command = parsed(ethnicity="Thái", household_status="hộ nghèo")
    assert command.ethnic_minority is True
    assert command.ethnicity == "Thái"


def test_spreadsheet_number_cells_lose_leading_zeros_and_get_them_back() -> None:
    number = cccd("1994-03-15", "male", serial=778899)
    command = parsed(
        national_id=number.lstrip("0"), phone="905123456", family_contact_phone="978111222"
    )
    assert command.national_id == number
    assert command.phone == "+84905123456"


def test_a_float_rendered_id_is_restored() -> None:
    number = cccd("1994-03-15", "male", serial=778899)
    assert parsed(national_id=number[1:] + ".0").national_id == number


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"full_name": ""}, [("full_name", "is required")]),
        ({"date_of_birth": "1994/15/03"}, [("date_of_birth", "must be a date like 25/12/1999")]),
        ({"date_of_birth": "31/02/1994"}, [("date_of_birth", "must be a date like 25/12/1999")]),
        ({"gender": "x"}, [("gender", "must be male or female (nam or nữ)")]),
        (
            {"household_status": "rich"},
            [("household_status", "must be poor, near_poor, newly_escaped_poverty or other")],
        ),
        ({"ethnic_minority": "maybe"}, [("ethnic_minority", "must be yes or no")]),
        (
            {"desired_markets": "JP; Mars"},
            [
                (
                    "desired_markets",
                    "lists a market that is not served: use ISO codes such as JP, KR, TW",
                )
            ],
        ),
        ({"desired_sectors": "astronaut"}, [("desired_sectors", "lists an unknown sector")]),
        ({"consent": "không"}, [("consent", "must be yes: the worker's consent is required")]),
        ({"consent": ""}, [("consent", "is required")]),
        (
            {"family_contact_phone": ""},
            [("family_contact_phone", "is required when a family contact is given")],
        ),
        ({"religion": "none"}, [("religion", "is not a column of the template")]),
    ],
)
def test_unreadable_cells_name_their_column(
    overrides: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert problems(**overrides) == expected


@pytest.mark.parametrize(
    ("overrides", "columns"),
    [
        ({"commune_code": "99999"}, ["commune_code"]),
        ({"former_district_code": "128"}, ["former_commune_code", "former_district_code"]),
        ({"date_of_birth": "15/03/1995"}, ["date_of_birth"]),  # contradicts the CCCD
        ({"gender": "nữ"}, ["gender"]),
        ({"phone": "0201 234 567"}, ["phone"]),
        ({"family_contact_phone": "0905 123 456"}, ["family_contact_phone"]),
        ({"ethnicity": "Kinh", "ethnic_minority": "x"}, ["ethnic_minority"]),
        ({"consent_recorded_on": "05/11/2025"}, ["consent_recorded_on"]),
        ({"full_name": "P" * 121}, ["full_name"]),
    ],
)
def test_the_api_rules_apply_and_name_columns(
    overrides: dict[str, str], columns: list[str]
) -> None:
    assert [p.field for p in problems(**overrides)] == columns


def test_a_minor_is_rejected_like_in_the_api() -> None:
    found = problems(date_of_birth="01/01/2010", national_id=cccd("2010-01-01", "male"))
    assert found == [("date_of_birth", "the worker must be 18 or older when registered")]


def test_problems_never_hold_the_personal_data() -> None:
    bad = row(
        national_id="12345678901234", phone="0201 234 567", family_contact_phone="0201 999 888"
    )
    found = parse_import_row(bad, imported_by=IMPORTER, now=NOW)
    text = repr(found)
    assert "12345678901234" not in text
    assert "234 567" not in text
    assert "234567" not in text


@pytest.mark.parametrize(
    "column", ["ethnicity", "family_contact_relationship", "consent_recorded_by", "full_name"]
)
def test_a_cell_holding_nul_is_refused_naming_its_column(column: str) -> None:
    cell = f"{row()[column] or 'x'}\x00"
    assert (column, "may not contain the NUL character (U+0000)") in problems(**{column: cell})


def test_blank_optional_cells_are_fine() -> None:
    command = parsed(
        phone="",
        ethnicity="",
        education="",
        desired_markets="",
        desired_sectors="",
        family_contact_name="",
        family_contact_relationship="",
        family_contact_phone="",
        former_province_code="",
        former_district_code="",
        former_commune_code="",
        consent_recorded_on="",
    )
    assert command.phone is None
    assert command.family_contact is None
    assert command.desired_markets == []
    assert command.locality.former_commune_code is None
    assert command.consent.recorded_at == NOW  # today's import: the consent is dated now


def test_missing_columns_are_blank_cells() -> None:
    minimal = {
        column: row()[column]
        for column in (
            "full_name",
            "date_of_birth",
            "gender",
            "national_id",
            "household_status",
            "province_code",
            "commune_code",
            "consent",
        )
    }
    result = parse_import_row(minimal, imported_by=IMPORTER, now=NOW)
    assert isinstance(result, RegisterWorker)


def test_column_of_maps_api_fields_back() -> None:
    assert column_of("locality.former_commune_code") == "former_commune_code"
    assert column_of("family_contact.phone") == "family_contact_phone"
    assert column_of("consent.recorded_at") == "consent_recorded_on"
    assert column_of("national_id") == "national_id"
    assert set(COLUMNS) >= {column_of(f) for f in ("locality.commune_code", "family_contact.name")}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("25/12/1999", date(1999, 12, 25)),
        ("5/1/2000", date(2000, 1, 5)),
        ("05-01-2000", date(2000, 1, 5)),
        ("05.01.2000", date(2000, 1, 5)),
        ("2000-01-05", date(2000, 1, 5)),
        ("2000-01-05 00:00:00", date(2000, 1, 5)),
        ("2000-1-5", date(2000, 1, 5)),
        ("29/02/2001", None),
        ("12/25/1999", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_dates(text: str, day: date | None) -> None:
    assert parse_date(text) == day


@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_every_date_form_round_trips(day: date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day


@given(st.dictionaries(st.sampled_from(COLUMNS), st.text(max_size=20), max_size=len(COLUMNS)))
def test_any_row_is_either_a_registration_or_problems_naming_columns(cells: dict[str, str]) -> None:
    result = parse_import_row(cells, imported_by=IMPORTER, now=NOW)
    if isinstance(result, RegisterWorker):
        return
    assert result
    for problem in result:
        assert problem.field in COLUMNS
        assert problem.reason


def test_a_national_id_is_spelled_as_the_record_keeps_it_however_a_row_typed_it() -> None:
    """A rejected row and its person's record then give the same keyed hash."""
    typed = ("051199123456", " 051.199.123.456 ", "051-199-123-456", "51199123456", "51199123456.0")
    assert {national_id_as_kept(t) for t in typed} == {"051199123456"}
    assert national_id_as_kept("12345") == "12345"  # a number too short stays as typed
