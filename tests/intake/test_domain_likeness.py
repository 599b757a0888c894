"""The duplicate finder's comparison: typing mistakes forgiven, scores and reasons."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.likeness import (
    FLAG_SCORE,
    Likeness,
    anchor_of,
    compare,
    find_candidates,
    keys_to_read,
    match_keys,
    name_distance,
    swapped_birth_date,
)
from services.intake.domain.names import fold_name
from shared.contracts.common import Gender, Locality
from tests.intake.samples import NOW, SON_LINH

BORN = date(1999, 4, 12)
# Another commune of Quảng Ngãi, of another former district
OTHER_COMMUNE = {"province_code": "51", "commune_code": "21211"}


def record(
    worker_id: str = "w-b",
    name: str = "Đinh Thị Linh",
    born: date = BORN,
    locality: dict[str, str] | None = None,
    gender: Gender = Gender.FEMALE,
    minutes: int = 1,
) -> Likeness:
    return Likeness(
        worker_id=worker_id,
        name_folded=fold_name(name),
        date_of_birth=born,
        gender=gender,
        locality=Locality.model_validate(locality or SON_LINH),
        registered_at=NOW + timedelta(minutes=minutes),
    )


LINH = record("w-a", minutes=0)


def test_the_same_record_typed_again_scores_highest() -> None:
    found = compare(LINH, record())
    assert found is not None
    assert found.score == 100
    assert found.reasons == ["same name, accents and case aside", "same birth date", "same commune"]
    assert found.matched_with == "w-a"


def test_missing_accents_and_swapped_letters_are_forgiven() -> None:
    bare = compare(LINH, record(name="DINH THI LINH"))
    swapped = compare(LINH, record(name="Đinh Thị Lihn"))
    assert bare is not None
    assert bare.score == 100
    assert swapped is not None
    assert swapped.reasons[0] == "names 1 letter apart"
    assert swapped.score < bare.score


def test_day_and_month_swapped_is_a_candidate() -> None:
    assert swapped_birth_date(BORN) == date(1999, 12, 4)
    assert swapped_birth_date(date(1999, 4, 4)) is None
    assert swapped_birth_date(date(1999, 4, 13)) is None
    found = compare(LINH, record(born=date(1999, 12, 4)))
    assert found is not None
    assert "birth day and month swapped" in found.reasons
    assert compare(LINH, record(born=date(1999, 4, 13))) is None


def test_another_commune_of_the_province_or_the_former_district() -> None:
    province = compare(LINH, record(locality=OTHER_COMMUNE))
    assert province is not None
    assert province.reasons[-1] == "another commune of the same province"
    same_district = {**SON_LINH, "commune_code": "21310"}
    district = compare(LINH, record(locality=same_district))
    assert district is not None
    assert district.reasons[-1] == "another commune of the same former district"
    assert district.score > province.score
    assert compare(LINH, record(locality={"province_code": "01", "commune_code": "00004"})) is None


def test_other_names_other_genders_and_weak_matches_are_not_candidates() -> None:
    assert compare(LINH, record(name="Đinh Thị Lan Phương")) is None
    assert compare(LINH, record(name="Phạm Ngọc Huy")) is None
    # two letters apart, the date swapped, another commune: too weak
    weak = record(name="Đinh Thi Lihm", born=date(1999, 12, 4), locality=OTHER_COMMUNE)
    assert compare(LINH, weak) is None
    other_gender = compare(LINH, record(gender=Gender.MALE, locality=OTHER_COMMUNE))
    assert other_gender is None or "different gender" in other_gender.reasons
    assert compare(LINH, record("w-a")) is None  # itself


def test_candidates_are_ranked_and_bounded() -> None:
    others = [
        record("w-1", name="Đinh Thị Lihn", locality=OTHER_COMMUNE),
        record("w-2"),
        record("w-3", name="Phạm Ngọc Huy"),
        *(record(f"w-x{n}", minutes=10 + n) for n in range(30)),
    ]
    found = find_candidates(LINH, others, 5)
    assert [c.worker_id for c in found] == ["w-2", "w-x0", "w-x1", "w-x2", "w-x3"]
    assert all(c.score >= FLAG_SCORE for c in found)


def test_a_group_is_named_by_its_members_whoever_registers_first() -> None:
    typo = record("w-typo", name="Đinh Thị Lihn", minutes=99)
    found = find_candidates(typo, [record("w-b"), LINH], 5)
    assert anchor_of(typo, found) == "51|1999-04-12|dinh thi lihn"
    assert anchor_of(LINH, find_candidates(LINH, [typo], 5)) == "51|1999-04-12|dinh thi lihn"


def test_blocking_keys_read_both_birth_dates_of_the_province() -> None:
    locality = Locality.model_validate(SON_LINH)
    assert match_keys(locality, BORN) == ["b51|1999-04-12"]
    assert keys_to_read(locality, BORN) == ["b51|1999-04-12", "b51|1999-12-04"]
    assert keys_to_read(locality, date(1999, 4, 20)) == ["b51|1999-04-20"]


def test_a_name_of_ten_thousand_letters_or_control_characters_is_compared_bounded() -> None:
    """The finder compares at most a bounded prefix of each name, whatever it is given."""
    long = record("w-long", name="a" * 10_000)
    assert compare(LINH, long) is None
    assert compare(long, record("w-long-2", name="a" * 9_999 + "b")) is not None
    assert name_distance("a" * 10_000, "b" * 10_000, 3) == 4
    control = compare(LINH, record("w-ctl", name="Đinh\x00Thị\x07Linh"))
    assert control is not None
    assert control.reasons[0] == "names 2 letters apart"


@given(
    st.text(alphabet="abcdehilnt ", min_size=2, max_size=20),
    st.text(alphabet="abcdehilnt ", min_size=2, max_size=20),
    st.booleans(),
)
def test_likeness_is_symmetric(first: str, second: str, swapped: bool) -> None:
    a = record("w-a", name=first)
    b = record("w-b", name=second, born=date(1999, 12, 4) if swapped else BORN)
    one, other = compare(a, b), compare(b, a)
    assert (one is None) == (other is None)
    if one is not None and other is not None:
        assert one.score == other.score
        assert one.reasons == other.reasons
