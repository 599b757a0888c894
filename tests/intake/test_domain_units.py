"""Administrative units: current and former codes, their nesting, and the 2025 mapping."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.intake.domain.problems import Problem
from services.intake.domain.units import (
    administrative_units,
    canonical_code,
    current_units_of,
    locality_problems,
)
from shared.contracts.common import Locality
from tests.intake.samples import HOAN_KIEM, SIN_THAU, SON_LINH

UNITS = administrative_units()


def test_counts_match_the_2025_reorganisation() -> None:
    assert len(UNITS.current_provinces) == 34
    assert len(UNITS.current_communes) == 3321
    assert len(UNITS.former_provinces) == 63
    assert 690 <= len(UNITS.former_districts) <= 710
    assert 10_000 <= len(UNITS.former_communes) <= 10_700


def test_names_of_known_units() -> None:
    assert UNITS.current_provinces["14"].name == "Sơn La"
    assert UNITS.current_communes["21307"].name == "Xã Sơn Linh"
    assert UNITS.former_provinces["02"].name == "Tỉnh Hà Giang"
    assert UNITS.former_districts["096"].name == "Huyện Mường Nhé"
    assert UNITS.former_communes["04036"].name == "Xã Chiềng Khoa"


def test_every_former_province_maps_to_a_current_one() -> None:
    assert set(UNITS.province_successors) == set(UNITS.former_provinces)
    assert set(UNITS.province_successors.values()) == set(UNITS.current_provinces)
    assert UNITS.province_successors["02"] == "08"  # Hà Giang merged into Tuyên Quang
    assert UNITS.province_successors["14"] == "14"  # Sơn La stayed whole


def test_every_former_commune_has_a_successor_in_its_successor_province() -> None:
    for code, commune in UNITS.former_communes.items():
        successor = UNITS.commune_successors[code]
        assert successor.province_code == UNITS.province_successors[commune.province_code]
        for current in successor.commune_codes:
            assert UNITS.current_communes[current].province_code == successor.province_code


def test_mapping_former_commune_to_current() -> None:
    chieng_khoa = current_units_of("04036")
    assert chieng_khoa is not None
    assert chieng_khoa.province_code == "14"
    assert chieng_khoa.commune_codes == ("04018",)  # now part of Xã Tô Múa
    assert current_units_of("4036") == chieng_khoa
    assert current_units_of("abc") is None
    assert current_units_of("99999") is None


def test_a_divided_commune_lists_every_part_and_a_default() -> None:
    hang_trong = current_units_of("00070")  # Phường Hàng Trống, Hoàn Kiếm
    assert hang_trong is not None
    assert set(hang_trong.commune_codes) == {"00070", "00073"}
    assert hang_trong.default_commune_code == "00070"


@pytest.mark.parametrize(
    ("raw", "digits", "code"),
    [("14", 2, "14"), ("014", 2, "14"), ("4", 2, "04"), ("4036", 5, "04036"), (" 96 ", 2, "96")],
)
def test_codes_are_zero_padded(raw: str, digits: int, code: str) -> None:
    assert canonical_code(raw, digits) == code


@pytest.mark.parametrize("raw", ["", "1a", "-1", "1.0", "１４", "123"])
def test_malformed_codes(raw: str) -> None:
    assert canonical_code(raw, 2) is None


@pytest.mark.parametrize("locality", [SON_LINH, SIN_THAU, HOAN_KIEM])
def test_sample_localities_are_valid(locality: dict[str, str]) -> None:
    canonical, problems = locality_problems(Locality(**locality))
    assert problems == []
    assert canonical == Locality(**locality)


def test_current_units_alone_are_enough() -> None:
    locality = Locality(province_code="51", commune_code="21307")
    assert locality_problems(locality) == (locality, [])


def test_former_parents_are_filled_from_the_commune() -> None:
    canonical, problems = locality_problems(
        Locality(province_code="14", commune_code="4018", former_commune_code="4036")
    )
    assert problems == []
    assert canonical.commune_code == "04018"
    assert (canonical.former_province_code, canonical.former_district_code) == ("14", "128")


def _problems(**overrides: str | None) -> list[Problem]:
    return locality_problems(Locality(**{**SON_LINH, **overrides}))[1]


def test_unknown_current_codes_name_the_field() -> None:
    assert _problems(province_code="99") == [
        Problem("locality.province_code", "is not a province code since 2025-07-01 (34 provinces)")
    ]
    assert _problems(commune_code="99999") == [
        Problem("locality.commune_code", "is not a commune or ward code since 2025-07-01")
    ]


def test_a_former_code_is_not_a_current_one() -> None:
    # 02 (Hà Giang) and 04036 (Chiềng Khoa) existed only before 2025.
    assert [p.field for p in _problems(province_code="02")] == ["locality.province_code"]
    assert [p.field for p in _problems(commune_code="04036")] == ["locality.commune_code"]


def test_malformed_code() -> None:
    assert _problems(commune_code="21a07") == [
        Problem("locality.commune_code", "must be a code of up to 5 digits")
    ]


def test_commune_must_lie_in_the_province() -> None:
    assert _problems(province_code="14") == [
        Problem("locality.commune_code", "is not in the province given"),
        Problem(
            "locality.former_province_code",
            "was not merged into the current province given (2025 reorganisation)",
        ),
    ]


def test_unknown_former_codes_name_the_field() -> None:
    assert [p.field for p in _problems(former_province_code="03")] == [
        "locality.former_province_code"
    ]
    assert [p.field for p in _problems(former_district_code="999")] == [
        "locality.former_district_code"
    ]
    assert [p.field for p in _problems(former_commune_code="99999")] == [
        "locality.former_commune_code"
    ]


def test_former_commune_must_lie_in_the_former_district() -> None:
    assert _problems(former_district_code="530") == [
        Problem("locality.former_commune_code", "is not in the former district given")
    ]


def test_former_district_must_lie_in_the_former_province() -> None:
    problems = _problems(former_province_code="49", former_commune_code=None)
    assert (
        Problem("locality.former_district_code", "is not in the former province given") in problems
    )


def test_former_province_must_have_merged_into_the_current_one() -> None:
    # Hà Giang (02) merged into Tuyên Quang (08), not Quảng Ngãi (51).
    problems = _problems(
        former_province_code="02", former_district_code=None, former_commune_code=None
    )
    assert problems == [
        Problem(
            "locality.former_province_code",
            "was not merged into the current province given (2025 reorganisation)",
        )
    ]


def test_ha_giang_worker_now_in_tuyen_quang() -> None:
    locality = Locality(
        province_code="08",
        commune_code="00715",
        former_province_code="02",
        former_district_code="026",
        former_commune_code="00715",
    )
    assert locality_problems(locality)[1] == []


@settings(max_examples=200)
@given(st.sampled_from(sorted(UNITS.former_communes)))
def test_any_former_commune_with_its_default_successor_is_valid(code: str) -> None:
    successor = UNITS.commune_successors[code]
    if successor.default_commune_code is None:
        return
    locality = Locality(
        province_code=successor.province_code,
        commune_code=successor.default_commune_code,
        former_commune_code=code,
    )
    canonical, problems = locality_problems(locality)
    assert problems == []
    assert canonical.former_district_code == UNITS.former_communes[code].district_code


@given(
    st.sampled_from(sorted(UNITS.current_communes)),
    st.sampled_from(sorted(UNITS.current_provinces)),
)
def test_a_commune_is_valid_exactly_in_its_own_province(commune: str, province: str) -> None:
    problems = locality_problems(Locality(province_code=province, commune_code=commune))[1]
    inside = UNITS.current_communes[commune].province_code == province
    assert (problems == []) is inside
