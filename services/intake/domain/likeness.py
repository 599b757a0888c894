"""How alike two records are: the candidates a new record may duplicate, scored, with reasons.

A record is a candidate duplicate of another when their folded names are within a few edits
(Damerau-Levenshtein: a swap of two letters is one edit; accents and case are folded away),
their birth dates are the same or have day and month swapped, and they live in the same
province (any of its communes; the same former district scores higher). The store finds them
by blocking keys (province and birth date, stored on each record) and reads a bounded number
of records per key; this module decides which of those are candidates, and how likely.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz.distance import DamerauLevenshtein

from services.intake.domain.units import administrative_units
from shared.contracts.common import Gender, Locality

Keyed = Callable[[str], str]
"""A keyed hash (``shared.privacy.lookup.KeyedHash``): the same text, the same hex digest."""
MAX_NAME_LENGTH = 120
"""Names longer than this (after folding) are compared by their first letters only."""
FLAG_SCORE = 60
"""A candidate scoring below this is not flagged."""

NAME_POINTS = {0: 55, 1: 45, 2: 35, 3: 25}
SAME_BIRTH_DATE = 25
SWAPPED_BIRTH_DATE = 15
SAME_COMMUNE = 20
SAME_FORMER_DISTRICT = 12
SAME_PROVINCE = 5
OTHER_GENDER = -30


class Likeness(BaseModel):
    """What the finder reads of a record: enough to compare, nothing to contact."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    worker_id: str
    name_folded: str
    date_of_birth: date
    gender: Gender
    locality: Locality
    registered_at: datetime


class Candidate(BaseModel):
    """A record that may be the same person as another: its score (0-100) and why."""

    model_config = ConfigDict(frozen=True)

    worker_id: str
    matched_with: str = Field(description="The record it was found for")
    score: int
    reasons: list[str]
    registered_at: datetime | None = Field(default=None, exclude=True)
    group_key: str = Field(default="", exclude=True)


def swapped_birth_date(born: date) -> date | None:
    """Returns the birth date with day and month swapped, if that is another valid date."""
    if born.day > 12 or born.day == born.month:
        return None
    return born.replace(month=born.day, day=born.month)


def match_key(province_code: str, born: date) -> str:
    """Returns the blocking key a record is stored under: its province and birth date."""
    return f"b{province_code}|{born.isoformat()}"


def match_keys(locality: Locality, born: date) -> list[str]:
    """Returns the blocking keys a record is stored under."""
    return [match_key(locality.province_code, born)]


def keys_to_read(locality: Locality, born: date) -> list[str]:
    """Returns the blocking keys that hold a record's candidates: its own birth date and the
    one with day and month swapped, in its province (a former district lies in one province
    today, so the province's keys hold it)."""
    dates = [born, *filter(None, [swapped_birth_date(born)])]
    return [match_key(locality.province_code, d) for d in dates]


def allowed_edits(name: str) -> int:
    """Returns how many edits a name of this length may differ by and still match."""
    letters = len(name.replace(" ", ""))
    if letters <= 6:
        return 1
    if letters <= 14:
        return 2
    return 3


def name_distance(first: str, second: str, limit: int) -> int:
    """Returns the edit distance of two folded names, or ``limit + 1`` if it is larger."""
    first, second = first[:MAX_NAME_LENGTH], second[:MAX_NAME_LENGTH]
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    return int(DamerauLevenshtein.distance(first, second, score_cutoff=limit))


def former_district(locality: Locality) -> str | None:
    """Returns the record's district before 2025: given, or the former commune's."""
    if locality.former_district_code:
        return locality.former_district_code
    if locality.former_commune_code:
        commune = administrative_units().former_communes.get(locality.former_commune_code)
        return commune.district_code if commune else None
    return None


def compare(new: Likeness, other: Likeness) -> Candidate | None:
    """Returns ``other`` as a candidate duplicate of ``new``, scored with its reasons, or None
    if they are not alike enough."""
    if new.worker_id == other.worker_id:
        return None
    reasons: list[str] = []
    if new.date_of_birth == other.date_of_birth:
        score = SAME_BIRTH_DATE
        reasons.append("same birth date")
    elif swapped_birth_date(new.date_of_birth) == other.date_of_birth:
        score = SWAPPED_BIRTH_DATE
        reasons.append("birth day and month swapped")
    else:
        return None
    if new.locality.province_code != other.locality.province_code:
        return None
    limit = min(allowed_edits(new.name_folded), allowed_edits(other.name_folded))
    edits = name_distance(new.name_folded, other.name_folded, limit)
    if edits > limit:
        return None
    score += NAME_POINTS[edits]
    reasons.insert(0, _name_reason(edits))
    district = former_district(new.locality)
    if new.locality.commune_code == other.locality.commune_code:
        score += SAME_COMMUNE
        reasons.append("same commune")
    elif district is not None and district == former_district(other.locality):
        score += SAME_FORMER_DISTRICT
        reasons.append("another commune of the same former district")
    else:
        score += SAME_PROVINCE
        reasons.append("another commune of the same province")
    if new.gender != other.gender:
        score += OTHER_GENDER
        reasons.append("different gender")
    if score < FLAG_SCORE:
        return None
    return Candidate(
        worker_id=other.worker_id,
        matched_with=new.worker_id,
        score=score,
        reasons=reasons,
        registered_at=other.registered_at,
        group_key=group_key(other),
    )


def _name_reason(edits: int) -> str:
    if edits == 0:
        return "same name, accents and case aside"
    return f"names {edits} letter{'s' if edits > 1 else ''} apart"


def find_candidates(new: Likeness, others: Iterable[Likeness], limit: int) -> list[Candidate]:
    """Returns the records among ``others`` likely to be ``new``, the likeliest first (then
    the oldest), at most ``limit``."""
    found = {c.worker_id: c for o in others if (c := compare(new, o)) is not None}
    ranked = sorted(found.values(), key=lambda c: (-c.score, c.registered_at, c.worker_id))
    return ranked[:limit]


def group_key(record: Likeness) -> str:
    """Returns what names a group the record may start: province, birth date, folded name."""
    name = record.name_folded[:MAX_NAME_LENGTH]
    return f"{record.locality.province_code}|{record.date_of_birth.isoformat()}|{name}"


def anchor_of(new: Likeness, candidates: Sequence[Candidate]) -> str:
    """Returns the key a new group of likely duplicates is named after: the least of the new
    record's and its candidates' group keys. It does not depend on which records a
    registration saw first, so records of one person registered at once name one group."""
    return min([group_key(new), *(c.group_key for c in candidates if c.group_key)])


def twin_key(record: Likeness, keyed: Keyed) -> str:
    """Returns what records alike in everything the finder compares share (folded name,
    birth date, commune, gender): a keyed hash (``keyed``, the likeness lookup key's) that
    reveals none of them, and against which nobody without the key can test a guess. A new
    record whose twin is in a pending review joins that review without reading its
    candidates."""
    name = record.name_folded[:MAX_NAME_LENGTH]
    locality = record.locality
    parts = [name, record.date_of_birth.isoformat(), locality.province_code,
             locality.commune_code, record.gender.value]  # fmt: skip
    return keyed("twin\n" + "|".join(parts))[:24]


def twin_match(record: Likeness, twin_id: str) -> Candidate:
    """Returns how ``record`` matches a record of its twin key: the finder's score and reasons
    for two records alike in everything it compares."""
    twin = record.model_copy(update={"worker_id": twin_id})
    found = compare(twin, record)
    if found is None:  # two such records always score the most
        raise ValueError("a record must match its twin")
    return found
