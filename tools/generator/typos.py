"""Workers registered twice with a typing mistake: the duplicate finder's test set.

``population(seed, count, province_code, share)`` returns ``count`` registrations of one
province, ``share`` of them a second registration of an earlier worker (a new national ID)
with one or two mistakes injected: letters swapped, diacritics missing, day and month swapped,
another commune of the province. Each registration says which person it is, so precision and
recall can be counted.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from services.intake.domain.likeness import swapped_birth_date
from shared.contracts.common import Gender, Locality
from tools.generator.population import communes_of, locality_in, person, seeded


class Typo(StrEnum):
    """A mistake an officer makes typing a worker in again."""

    LETTERS_SWAPPED = "letters swapped"
    NO_DIACRITICS = "diacritics missing"
    DAY_MONTH_SWAPPED = "day and month swapped"
    OTHER_COMMUNE = "another commune of the province"


@dataclass(frozen=True)
class Registration:
    """One registration of the set: the person it is, and the mistakes typed into it."""

    person: int
    full_name: str
    date_of_birth: date
    gender: Gender
    locality: Locality
    typos: tuple[Typo, ...] = ()


def swap_letters(rng: random.Random, name: str) -> str:
    """Returns the name with two neighbouring letters of one word swapped (if any differ)."""
    spots = [
        i for i in range(len(name) - 1) if name[i : i + 2].isalpha() and name[i] != name[i + 1]
    ]
    if not spots:
        return name
    i = rng.choice(spots)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def strip_diacritics(name: str) -> str:
    """Returns the name typed without its marks (Đ as D), case kept."""
    plain = name.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", plain)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _swap_date(rng: random.Random, record: Registration) -> Registration:
    swapped = swapped_birth_date(record.date_of_birth)
    return replace(record, date_of_birth=swapped) if swapped else record


def _other_commune(rng: random.Random, record: Registration) -> Registration:
    others = [
        c for c in communes_of(record.locality.province_code) if c != record.locality.commune_code
    ]
    moved = locality_in(rng, record.locality.province_code, rng.choice(others))
    return replace(record, locality=moved)


INJECT: Mapping[Typo, Callable[[random.Random, Registration], Registration]] = {
    Typo.LETTERS_SWAPPED: lambda rng, r: replace(r, full_name=swap_letters(rng, r.full_name)),
    Typo.NO_DIACRITICS: lambda rng, r: replace(r, full_name=strip_diacritics(r.full_name)),
    Typo.DAY_MONTH_SWAPPED: _swap_date,
    Typo.OTHER_COMMUNE: _other_commune,
}


def retyped(rng: random.Random, original: Registration, mistakes: int) -> Registration:
    """Returns the person typed in again with ``mistakes`` different mistakes (one that
    changes nothing, a day/month swap of a date that has none, is not counted)."""
    record = replace(original, typos=())
    kinds = list(Typo)
    rng.shuffle(kinds)
    typos: list[Typo] = []
    for kind in kinds:
        if len(typos) == mistakes:
            break
        changed = INJECT[kind](rng, record)
        if changed != record:
            record, typos = changed, [*typos, kind]
    return replace(record, typos=tuple(typos))


def population(
    seed: int, count: int, province_code: str = "40", share: float = 0.1, two: float = 0.3
) -> list[Registration]:
    """Returns ``count`` registrations in the order typed: about ``share`` of them are an
    earlier person typed in again, with one mistake or (``two`` of those) two."""
    rng = seeded(seed, "typos")
    records: list[Registration] = []
    originals: list[Registration] = []
    for index in range(count):
        if originals and rng.random() < share:
            original = rng.choice(originals)
            records.append(retyped(rng, original, 2 if rng.random() < two else 1))
            continue
        who = person(seeded(seed, "person", index), province_code)
        born = date(rng.randint(1988, 2005), rng.randint(1, 12), rng.randint(1, 28))
        original = Registration(len(originals), who.full_name, born, who.gender, who.locality)
        originals.append(original)
        records.append(original)
    return records
