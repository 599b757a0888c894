"""Language levels: parsed from how people write them, and comparable within a scale."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.deployment.domain.language import (
    LanguageLevel,
    LevelScale,
    UnknownLevelError,
    best_level,
    parse_level,
    try_parse_level,
)

JLPT = ["JLPT-N5", "JLPT-N4", "JLPT-N3", "JLPT-N2", "JLPT-N1"]
TOPIK = [f"TOPIK-{n}" for n in range(1, 7)]
CEFR = ["CEFR-A1", "CEFR-A2", "CEFR-B1", "CEFR-B2", "CEFR-C1", "CEFR-C2"]
TOCFL = [f"TOCFL-{n}" for n in range(1, 7)]
ALL_CODES = [*JLPT, *TOPIK, *CEFR, *TOCFL, "EPS-TOPIK"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("JLPT-N4", "JLPT-N4"),
        ("jlpt n4", "JLPT-N4"),
        ("N3", "JLPT-N3"),
        ("JLPT N1", "JLPT-N1"),
        ("TOPIK 3", "TOPIK-3"),
        ("TOPIK II level 4", "TOPIK-4"),
        ("topik-I-2", "TOPIK-2"),
        ("EPS-TOPIK", "EPS-TOPIK"),
        ("eps topik passed", "EPS-TOPIK"),
        ("B1", "CEFR-B1"),
        ("cefr c2", "CEFR-C2"),
        ("TOCFL band 2", "TOCFL-2"),
    ],
)
def test_levels_are_read_as_people_write_them(text: str, code: str) -> None:
    assert parse_level(text).code == code


@pytest.mark.parametrize("text", ["", "N6", "JLPT N0", "TOPIK 7", "D1", "fluent", "HSK 4"])
def test_an_unknown_level_is_refused_with_examples(text: str) -> None:
    with pytest.raises(UnknownLevelError, match="JLPT-N4"):
        parse_level(text)
    assert try_parse_level(text) is None


@pytest.mark.parametrize("scale", [JLPT, TOPIK, CEFR, TOCFL])
def test_each_scale_rises_from_its_lowest_to_its_highest_level(scale: list[str]) -> None:
    levels = [parse_level(code) for code in scale]
    for lower, higher in itertools.pairwise(levels):
        assert higher.at_least(lower)
        assert not lower.at_least(higher)


def test_jlpt_n1_is_the_highest_and_n5_the_lowest() -> None:
    assert parse_level("N1").at_least(parse_level("N2"))
    assert parse_level("N4").at_least(parse_level("N5"))
    assert not parse_level("N5").at_least(parse_level("N4"))


def test_levels_on_different_scales_never_satisfy_each_other() -> None:
    assert not parse_level("TOPIK-6").at_least(parse_level("EPS-TOPIK"))
    assert not parse_level("CEFR-C2").at_least(parse_level("JLPT-N5"))
    assert not parse_level("JLPT-N1").at_least(parse_level("TOCFL-1"))


def test_eps_topik_is_a_pass_that_meets_itself() -> None:
    assert parse_level("EPS-TOPIK").at_least(parse_level("eps-topik"))


def test_best_level_picks_the_highest_on_the_asked_scale() -> None:
    levels = [parse_level(c) for c in ["JLPT-N4", "CEFR-C1", "JLPT-N2", "JLPT-N5"]]
    assert best_level(levels, LevelScale.JLPT) == parse_level("JLPT-N2")
    assert best_level(levels, LevelScale.TOPIK) is None


@given(st.sampled_from(ALL_CODES))
def test_every_code_reads_back_as_itself(code: str) -> None:
    assert parse_level(code).code == code
    assert str(parse_level(code)) == code


@given(st.sampled_from(ALL_CODES), st.sampled_from(ALL_CODES))
def test_at_least_is_the_rank_order_within_a_scale(a: str, b: str) -> None:
    first, second = parse_level(a), parse_level(b)
    assert first.at_least(second) == (first.scale is second.scale and first.rank >= second.rank)
    # Within a scale the order is total: one of the two always meets the other.
    if first.scale is second.scale:
        assert first.at_least(second) or second.at_least(first)


@given(st.sampled_from(list(LevelScale)), st.integers(1, 6), st.integers(1, 6))
def test_at_least_is_transitive_through_a_middle_level(
    scale: LevelScale, low: int, high: int
) -> None:
    low, high = sorted((low, high))
    middle = LanguageLevel(scale, (low + high) // 2)
    assert LanguageLevel(scale, high).at_least(middle)
    assert middle.at_least(LanguageLevel(scale, low))
    assert LanguageLevel(scale, high).at_least(LanguageLevel(scale, low))
