"""Providers, courses and language levels: validation naming the field, seats, levels."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from services.training.domain import (
    LEVELS,
    Course,
    Language,
    LevelScale,
    Provider,
    Session,
    check_course,
    course_problems,
    level,
    seat_available,
)
from services.training.domain.errors import InvalidFieldsError
from services.training.domain.levels import SCALE_LANGUAGES, UnknownLevelError, grades
from shared.contracts.common import Market, Sector
from shared.contracts.training import CourseKind
from tests.training.builders import TODAY, course, provider


def fields(the_course: Course, the_provider: Provider | None = None) -> dict[str, str]:
    problems = course_problems(the_course, the_provider or provider())
    return {p.field: p.reason for p in problems}


def test_a_sound_course_of_each_kind_passes() -> None:
    for kind in CourseKind:
        sound = course(kind=kind)

        assert check_course(sound, provider()) is sound


def test_a_language_course_names_its_language() -> None:
    bad = course(kind=CourseKind.VOCATIONAL).model_copy(update={"kind": CourseKind.LANGUAGE})

    assert "language" in fields(bad)


def test_an_unknown_target_level_names_target_level() -> None:
    bad = course(language=Language.JAPANESE, target_level="JLPT-N9")

    assert fields(bad) == {"target_level": "unknown level"}


def test_a_level_of_another_language_names_target_level() -> None:
    bad = course(language=Language.GERMAN, target_level="JLPT-N4")

    assert fields(bad) == {"target_level": "JLPT does not grade de"}


def test_cefr_grades_any_language() -> None:
    assert fields(course(language=Language.GERMAN, target_level="CEFR-B1")) == {}
    assert fields(course(language=Language.ENGLISH, target_level="CEFR-A2")) == {}


def test_only_language_courses_have_a_target_level() -> None:
    bad = course(kind=CourseKind.ORIENTATION).model_copy(update={"target_level": "JLPT-N4"})

    assert fields(bad) == {"target_level": "only language courses have a target level"}


def test_orientation_names_its_market_and_vocational_its_sector() -> None:
    no_market = course(kind=CourseKind.ORIENTATION).model_copy(update={"market": None})
    no_sector = course(kind=CourseKind.VOCATIONAL).model_copy(update={"sector": None})

    assert set(fields(no_market)) == {"market"}
    assert set(fields(no_sector)) == {"sector"}


def test_a_pass_mark_above_the_maximum_names_pass_mark() -> None:
    bad = course().model_copy(update={"pass_mark": 120.0})

    assert set(fields(bad)) == {"pass_mark"}


def test_duplicate_session_ids_name_the_session() -> None:
    twice = (Session(session_id="s1", on=TODAY), Session(session_id="s1", on=TODAY))
    bad = course().model_copy(update={"sessions": twice})

    assert fields(bad) == {"sessions.1.session_id": "duplicate session id"}


def test_the_provider_must_exist_be_active_and_offer_the_kind() -> None:
    language = course(kind=CourseKind.LANGUAGE)

    assert course_problems(language, None)[0].field == "provider_id"
    assert set(fields(language, provider(active=False))) == {"provider_id"}
    assert set(fields(language, provider(CourseKind.ORIENTATION))) == {"kind"}


def test_check_course_reports_every_problem_at_once() -> None:
    bad = course(kind=CourseKind.VOCATIONAL).model_copy(
        update={"sector": None, "target_level": "JLPT-N4", "pass_mark": 500.0}
    )

    with pytest.raises(InvalidFieldsError) as caught:
        check_course(bad, provider())

    assert {e.field for e in caught.value.errors} == {"sector", "target_level", "pass_mark"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("capacity", 0), ("hours", -5), ("cost_vnd", -1), ("sessions", ()), ("title", "")],
)
def test_out_of_range_values_are_refused_naming_the_field(field: str, value: object) -> None:
    data = course().model_dump()
    data[field] = value

    with pytest.raises(ValidationError) as caught:
        Course.model_validate(data)

    assert [e["loc"][0] for e in caught.value.errors()] == [field]


def test_a_provider_offers_at_least_one_kind() -> None:
    with pytest.raises(ValidationError) as caught:
        Provider(provider_id="p", name="Trường nghề", province_code="14", kinds=())

    assert caught.value.errors()[0]["loc"] == ("kinds",)


def test_a_course_runs_from_its_first_to_its_last_session() -> None:
    the_course = course(session_count=3, first_session=TODAY)

    assert the_course.starts_on == TODAY
    assert the_course.ends_on == TODAY + timedelta(days=14)
    assert the_course.session("s2") is not None
    assert the_course.session("s9") is None


@given(capacity=st.integers(1, 500), taken=st.integers(0, 600))
def test_a_seat_is_available_only_below_capacity(capacity: int, taken: int) -> None:
    the_course = course(capacity=capacity, seats_taken=taken)

    assert seat_available(the_course) is (taken < capacity)
    assert the_course.seats_left == max(0, capacity - taken)


def test_a_course_with_more_seats_taken_than_capacity_names_capacity() -> None:
    assert set(fields(course(capacity=5, seats_taken=6))) == {"capacity"}


# -- language levels ------------------------------------------------------------------------


def test_levels_compare_within_a_scale() -> None:
    assert level("JLPT-N3").at_least(level("JLPT-N4"))
    assert level("JLPT-N4").at_least(level("JLPT-N4"))
    assert not level("JLPT-N5").at_least(level("JLPT-N4"))
    assert level("CEFR-C1").at_least(level("CEFR-B1"))
    assert level("TOPIK-6").at_least(level("TOPIK-1"))


def test_levels_of_different_scales_never_compare() -> None:
    assert not level("TOPIK-6").at_least(level("EPS-TOPIK"))
    assert not level("CEFR-C2").at_least(level("JLPT-N5"))


def test_an_unknown_level_is_refused() -> None:
    with pytest.raises(UnknownLevelError):
        level("N4")


def test_every_scale_has_levels_and_grades_its_languages() -> None:
    for scale in LevelScale:
        assert any(known.scale is scale for known in LEVELS.values())
    assert grades(LevelScale.JLPT, Language.JAPANESE)
    assert not grades(LevelScale.TOPIK, Language.JAPANESE)
    assert grades(LevelScale.TOCFL, Language.CHINESE)
    assert SCALE_LANGUAGES[LevelScale.CEFR] == frozenset(Language)


def test_the_example_courses_of_the_issue_are_sound() -> None:
    examples = [
        course(language=Language.JAPANESE, target_level="JLPT-N4", market=Market.JAPAN),
        course(language=Language.KOREAN, target_level="EPS-TOPIK", market=Market.KOREA),
        course(language=Language.CHINESE, target_level="TOCFL-2", market=Market.TAIWAN),
        course(language=Language.GERMAN, target_level="CEFR-B1", market=Market.GERMANY),
        course(kind=CourseKind.VOCATIONAL, sector=Sector.WELDING),
        course(kind=CourseKind.ORIENTATION, market=Market.SAUDI_ARABIA),
    ]

    assert all(fields(example) == {} for example in examples)
