"""Registration: every rule a new worker's record must pass, each failure naming its field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from services.intake.domain.ethnicity import ETHNIC_GROUPS, ethnic_group, is_ethnic_minority
from services.intake.domain.registration import (
    RegisterWorker,
    age_on,
    local_date,
    registration_problems,
    validate_registration,
)
from shared.contracts.common import Gender, Market
from shared.errors import InvalidFieldsError
from tests.intake.samples import NOW, SIN_THAU, cccd, registration, registration_body


def fields_of(command: RegisterWorker, now: datetime = NOW) -> list[str]:
    return [p.field for p in registration_problems(command, now=now)[1]]


def test_a_valid_registration_comes_back_canonical() -> None:
    command = registration(full_name="  Đinh   Thị Linh ", ethnicity="hre")
    canonical = validate_registration(command, now=NOW)
    assert canonical.full_name == "Đinh Thị Linh"
    assert canonical.phone == "+84912345678"
    assert canonical.ethnicity == "Hrê"
    assert canonical.family_contact is not None
    assert canonical.family_contact.phone == "+84987654321"
    assert canonical.locality.commune_code == "21307"
    assert canonical.consent == command.consent.model_copy(update={"notice_version": "2026-01"})


def test_repr_of_a_registration_hides_personal_data() -> None:
    command = registration()
    text = repr(command)
    assert command.national_id not in text
    assert "912" not in text
    assert "Đinh Văn Hội" not in text


def test_every_problem_is_reported_at_once() -> None:
    command = registration(
        full_name="L1nh",
        date_of_birth="2030-01-01",
        phone="0201234567",
        national_id="051199123456",
        locality={**SIN_THAU, "commune_code": "99999"},
    )
    with pytest.raises(InvalidFieldsError) as refused:
        validate_registration(command, now=NOW)
    fields = [e.field for e in refused.value.errors]
    assert fields == [
        "full_name",
        "date_of_birth",
        "date_of_birth",  # in the future, and contradicting the CCCD
        "phone",
        "locality.commune_code",
    ]
    assert command.national_id not in str(refused.value)


def test_future_birth_date() -> None:
    tomorrow = (local_date(NOW) + timedelta(days=1)).isoformat()
    problems = registration_problems(registration(date_of_birth=tomorrow), now=NOW)[1]
    assert ("date_of_birth", "is in the future") in problems


@pytest.mark.parametrize(
    ("born", "adult"),
    [
        ("2007-11-03", True),  # 18 today (Vietnam time)
        ("2007-11-04", False),  # 18 tomorrow
        ("2007-02-28", True),
        ("2008-01-01", False),
        ("1960-05-19", True),
    ],
)
def test_must_be_adult_on_the_registration_date(born: str, adult: bool) -> None:
    fields = fields_of(registration(date_of_birth=born))
    assert ("date_of_birth" not in fields) is adult


def test_registration_date_is_the_date_in_vietnam() -> None:
    # 2025-11-02 18:00 UTC is already 2025-11-03 in Vietnam: the worker turned 18 that day.
    evening_utc = datetime(2025, 11, 2, 18, 0, tzinfo=UTC)
    assert local_date(evening_utc) == date(2025, 11, 3)
    consent = {"recorded_at": "2025-11-03T00:30:00+07:00"}
    command = registration(date_of_birth="2007-11-03", consent=consent)
    assert fields_of(command, now=evening_utc) == []


def test_local_date_needs_an_aware_moment() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_date(datetime(2025, 11, 3))


def test_birth_before_1900() -> None:
    problems = registration_problems(
        registration(date_of_birth="1899-12-31", national_id="051099123456"), now=NOW
    )[1]
    assert ("date_of_birth", "is before 1900") in problems


def test_cccd_contradicting_birth_year_names_date_of_birth() -> None:
    command = registration(national_id=cccd("2001-01-01", "female"))
    assert fields_of(command) == ["date_of_birth"]


def test_cccd_contradicting_gender_names_gender() -> None:
    command = registration(national_id=cccd("1999-01-01", "male"))
    assert fields_of(command) == ["gender"]


@pytest.mark.parametrize("number", ["12345678901", "051199A23456", "123456789", "097199123456"])
def test_malformed_national_id(number: str) -> None:
    assert fields_of(registration(national_id=number)) == ["national_id"]


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("Đinh Thị Linh", True),
        ("Ksor H'Bơ", True),
        ("Y Giang Ly", True),
        ("Nguyễn Văn A.", True),
        ("Rơ Mah Hồng-Nhung", True),
        ("Lò  Văn   Thưởng", True),
        ("L", False),
        ("Linh2", False),
        ("Đinh_Thị", False),
        ("Đinh -Thị", False),
        ("@Linh", False),
    ],
)
def test_full_name_rules(name: str, valid: bool) -> None:
    assert ("full_name" not in fields_of(registration(full_name=name))) is valid


def test_phone_is_optional_and_normalised() -> None:
    assert validate_registration(registration(phone=None), now=NOW).phone is None
    assert validate_registration(registration(phone=" "), now=NOW).phone is None
    assert validate_registration(registration(phone="+84 362 123 456"), now=NOW).phone == (
        "+84362123456"
    )


def test_family_contact_phone_is_checked_and_must_differ() -> None:
    bad = registration(
        family_contact={"name": "Đinh Văn Hội", "relationship": "father", "phone": "12"}
    )
    assert fields_of(bad) == ["family_contact.phone"]
    same = registration(
        family_contact={"name": "Đinh Văn Hội", "relationship": "father", "phone": "+84912345678"}
    )
    assert registration_problems(same, now=NOW)[1] == [
        ("family_contact.phone", "must differ from the worker's phone")
    ]


def test_family_contact_name_and_relationship() -> None:
    command = registration(family_contact={"name": "9", "relationship": " ", "phone": "0987654321"})
    assert fields_of(command) == ["family_contact.name", "family_contact.relationship"]


def test_family_contact_blank_phone() -> None:
    command = registration(
        family_contact={"name": "Đinh Văn Hội", "relationship": "cha", "phone": " "}
    )
    assert fields_of(command) == ["family_contact.phone"]


@pytest.mark.parametrize(
    ("ethnicity", "minority", "field"),
    [
        ("Kinh", False, None),
        ("kinh", True, "ethnic_minority"),
        ("Thái", True, None),
        ("Thai", True, None),
        ("H'Mông", True, None),
        ("Mông", False, "ethnic_minority"),
        ("Khơ-me", True, None),
        ("Martian", True, "ethnicity"),
        (None, True, None),
        (None, False, None),
    ],
)
def test_ethnicity_and_minority_flag_agree(
    ethnicity: str | None, minority: bool, field: str | None
) -> None:
    fields = fields_of(registration(ethnicity=ethnicity, ethnic_minority=minority))
    assert fields == ([field] if field else [])


def test_the_54_groups() -> None:
    assert len(ETHNIC_GROUPS) == len(set(ETHNIC_GROUPS)) == 54
    assert [g for g in ETHNIC_GROUPS if not is_ethnic_minority(g)] == ["Kinh"]
    assert ethnic_group("ê-đê") == "Ê Đê"
    assert ethnic_group("Hre") == "Hrê"
    assert ethnic_group("unknown") is None


def test_markets_and_sectors_lose_repeats() -> None:
    command = registration(
        desired_markets=["JP", "KR", "JP"], desired_sectors=["welding", "welding"]
    )
    canonical = validate_registration(command, now=NOW)
    assert canonical.desired_markets == [Market.JAPAN, Market.KOREA]
    assert [s.value for s in canonical.desired_sectors] == ["welding"]


def test_consent_is_required_and_not_in_the_future() -> None:
    with pytest.raises(ValidationError):
        RegisterWorker.model_validate({**registration_body(), "consent": None})
    unrecorded = RegisterWorker.model_validate(registration_body())  # no API filled it in
    assert ("consent.recorded_by", "is empty") in registration_problems(unrecorded, now=NOW)[1]
    later = registration(consent={"recorded_at": "2025-11-04T08:00:00+07:00"})
    assert registration_problems(later, now=NOW)[1] == [("consent.recorded_at", "is in the future")]


def test_naive_consent_time_is_read_as_utc() -> None:
    command = registration(consent={"recorded_at": "2025-11-03T02:00:00"})
    assert fields_of(command) == []


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        RegisterWorker.model_validate({**registration_body(), "religion": "none"})


@given(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.dates(date(1900, 1, 1), date(2100, 12, 31))
)
def test_age_is_whole_years_completed(born: date, day: date) -> None:
    age = age_on(born, day)
    if day < born:
        assert age < 0
        return
    assert age >= 0
    try:
        birthday = born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        birthday = date(born.year + age, 3, 1)
    assert birthday <= day


@given(st.dates(date(1900, 1, 1), date(2025, 11, 3)), st.sampled_from(list(Gender)))
def test_adult_rule_matches_age(born: date, gender: Gender) -> None:
    command = registration(
        date_of_birth=born.isoformat(), gender=gender.value, national_id=cccd(born, gender)
    )
    fields = fields_of(command)
    adult = age_on(born, date(2025, 11, 3)) >= 18
    assert ("date_of_birth" in fields) is not adult
