"""The CCCD: what its digits encode, and contradictions with the record."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.cccd import (
    CCCD_PROVINCES,
    canonical_cccd,
    cccd_contradictions,
    compose_cccd,
    parse_cccd,
)
from services.intake.domain.problems import Problem
from services.intake.domain.units import administrative_units
from shared.contracts.common import Gender
from shared.errors import FieldError


def test_the_province_list_is_the_63_former_provinces() -> None:
    assert len(CCCD_PROVINCES) == 63
    assert min(CCCD_PROVINCES) == "001"
    assert max(CCCD_PROVINCES) == "096"
    former = administrative_units().former_provinces
    assert {code[1:] for code in CCCD_PROVINCES} == set(former)


@pytest.mark.parametrize(
    ("number", "province", "gender", "year"),
    [
        ("001099012345", "Hà Nội", Gender.MALE, 1999),
        ("014199123456", "Sơn La", Gender.FEMALE, 1999),
        ("051201000001", "Quảng Ngãi", Gender.MALE, 2001),
        ("040305999999", "Nghệ An", Gender.FEMALE, 2005),
        ("038000000000", "Thanh Hóa", Gender.MALE, 1900),
        ("096400000000", "Cà Mau", Gender.MALE, 2100),
        ("002521000000", "Hà Giang", Gender.FEMALE, 2121),
        ("011750000000", "Điện Biên", Gender.FEMALE, 2250),
        ("079800000000", "Hồ Chí Minh", Gender.MALE, 2300),
        ("079999000000", "Hồ Chí Minh", Gender.FEMALE, 2399),
    ],
)
def test_decodes_province_gender_and_birth_year(
    number: str, province: str, gender: Gender, year: int
) -> None:
    parsed = parse_cccd(number)
    assert parsed.province_name == province
    assert parsed.gender is gender
    assert parsed.birth_year == year
    assert parsed.serial == number[6:]


def test_digits_8_and_9_are_the_24th_century_as_the_circular_says() -> None:
    # Circular 59/2021/TT-BCA: "Thế kỷ 24 (từ năm 2300 đến hết năm 2399): Nam 8, nữ 9".
    assert parse_cccd("001850000000").birth_year == 2350
    assert parse_cccd("001950000000").gender is Gender.FEMALE


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "exactly 12 digits"),
        ("01419912345", "exactly 12 digits"),
        ("0141991234567", "exactly 12 digits"),
        ("01419912345a", "exactly 12 digits"),
        ("014 199 123 45", "exactly 12 digits"),  # a spelling, a digit short
        ("014_199_123_456", "exactly 12 digits"),  # underscores are no separator
        ("٠١٤١٩٩١٢٣٤٥٦", "exactly 12 digits"),  # Arabic-Indic digits
        ("014/199/123/456", "exactly 12 digits"),
        ("１２３.４５６.７８９", "9-digit identity card"),  # full-width, and a CMND
        ("123456789", "9-digit identity card"),
        ("003199123456", "not a province code"),  # 003 is not used
        ("097199123456", "not a province code"),
        ("100199123456", "not a province code"),
        ("000199123456", "not a province code"),
    ],
)
def test_malformed_numbers_are_refused_naming_the_field(raw: str, reason: str) -> None:
    with pytest.raises(FieldError) as refused:
        parse_cccd(raw)
    assert refused.value.field == "national_id"
    assert reason in refused.value.reason
    if raw.strip():
        assert raw not in str(refused.value)


def test_surrounding_spaces_are_ignored() -> None:
    assert parse_cccd(" 014199123456 ").number == "014199123456"


@pytest.mark.parametrize(
    "spelled",
    [
        "0511 9812 3456",  # as the card prints it
        "051 198 123 456",
        "051.198.123.456",
        "051-198-123-456",
        "051–198–123–456",  # en dashes, as a word processor makes them
        "０５１１９８１２３４５６",  # full-width digits from a Vietnamese input method
        "０５１ １９８ １２３ ４５６",
        "０５１．１９８．１２３．４５６",
        "051\u00a0198\u00a0123\u00a0456",  # no-break spaces pasted from a document
        "\t051198123456\n",
    ],
)
def test_the_spellings_officers_type_give_the_12_digits(spelled: str) -> None:
    assert canonical_cccd(spelled) == "051198123456"
    assert parse_cccd(spelled).number == "051198123456"


_FULL_WIDTH = {str(n): chr(0xFF10 + n) for n in range(10)}


@given(
    st.from_regex(r"0[0-9]{11}", fullmatch=True),
    st.lists(
        st.sampled_from(["", " ", ".", "-", "．", "\u3000", "\u2013"]), min_size=12, max_size=12
    ),
    st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_any_spelling_of_a_number_is_the_same_number(
    number: str, separators: list[str], full_width: list[bool]
) -> None:
    spelled = "".join(
        (_FULL_WIDTH[digit] if wide else digit) + separator
        for digit, separator, wide in zip(number, separators, full_width, strict=True)
    )
    assert canonical_cccd(spelled) == number


def test_repr_hides_the_number() -> None:
    assert "123456" not in repr(parse_cccd("014199123456"))


def test_consistent_record_has_no_contradiction() -> None:
    citizen_id = parse_cccd("051199123456")
    assert (
        cccd_contradictions(citizen_id, date_of_birth=date(1999, 4, 12), gender=Gender.FEMALE) == []
    )


def test_each_contradiction_names_its_field() -> None:
    citizen_id = parse_cccd("051199123456")  # a woman born in 1999
    problems = cccd_contradictions(citizen_id, date_of_birth=date(1998, 4, 12), gender=Gender.MALE)
    assert problems == [
        Problem(
            "date_of_birth",
            "the birth year contradicts the national ID (its century and year digits)",
        ),
        Problem("gender", "contradicts the national ID (its gender and century digit)"),
    ]


def test_a_century_off_is_a_birth_year_contradiction() -> None:
    citizen_id = parse_cccd("051301123456")  # a woman born in 2001
    problems = cccd_contradictions(citizen_id, date_of_birth=date(1901, 1, 1), gender=Gender.FEMALE)
    assert [p.field for p in problems] == ["date_of_birth"]


def test_compose_refuses_what_a_cccd_cannot_encode() -> None:
    with pytest.raises(ValueError, match="province"):
        compose_cccd("003", Gender.MALE, 1999, 1)
    with pytest.raises(ValueError, match="1900-2399"):
        compose_cccd("001", Gender.MALE, 1899, 1)
    with pytest.raises(ValueError, match="six digits"):
        compose_cccd("001", Gender.MALE, 1999, 10**6)


provinces = st.sampled_from(sorted(CCCD_PROVINCES))
genders = st.sampled_from(list(Gender))
years = st.integers(min_value=1900, max_value=2399)
serials = st.integers(min_value=0, max_value=999_999)


@given(provinces, genders, years, serials)
def test_compose_then_parse_round_trips(
    province: str, gender: Gender, year: int, serial: int
) -> None:
    number = compose_cccd(province, gender, year, serial)
    assert len(number) == 12
    assert number.isdigit()
    parsed = parse_cccd(number)
    assert (parsed.province_code, parsed.gender, parsed.birth_year, int(parsed.serial)) == (
        province,
        gender,
        year,
        serial,
    )


@given(st.from_regex(r"0[0-9]{11}", fullmatch=True))
def test_parse_then_compose_round_trips(number: str) -> None:
    try:
        parsed = parse_cccd(number)
    except FieldError:
        assert number[:3] not in CCCD_PROVINCES
        return
    assert (
        compose_cccd(parsed.province_code, parsed.gender, parsed.birth_year, int(parsed.serial))
        == number
    )


@given(provinces, genders, years, serials, st.dates(date(1900, 1, 1), date(2399, 12, 31)), genders)
def test_contradictions_are_exactly_the_fields_that_differ(
    province: str, gender: Gender, year: int, serial: int, born: date, recorded_gender: Gender
) -> None:
    citizen_id = parse_cccd(compose_cccd(province, gender, year, serial))
    fields = [
        p.field for p in cccd_contradictions(citizen_id, date_of_birth=born, gender=recorded_gender)
    ]
    expected = []
    if born.year != year:
        expected.append("date_of_birth")
    if recorded_gender is not gender:
        expected.append("gender")
    assert fields == expected
