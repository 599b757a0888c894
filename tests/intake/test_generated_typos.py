"""The generator's retyped workers: each mistake is what it says, and the finder finds them."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from services.intake.domain.likeness import Likeness, find_candidates, keys_to_read, match_keys
from services.intake.domain.names import fold_name
from tools.generator.population import seeded
from tools.generator.typos import Typo, population, strip_diacritics, swap_letters

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def test_each_mistake_is_what_it_says() -> None:
    rng = seeded(1)
    assert strip_diacritics("Đinh Thị Linh") == "Dinh Thi Linh"
    swapped = swap_letters(rng, "Đinh Thị Linh")
    assert swapped != "Đinh Thị Linh"
    assert sorted(swapped) == sorted("Đinh Thị Linh")
    records = population(5, 600, "51", share=0.3)
    originals = {r.person: r for r in records if not r.typos}
    retyped = [r for r in records if r.typos]
    assert {t for r in retyped for t in r.typos} == set(Typo)
    for record in retyped:
        original = originals[record.person]
        if Typo.DAY_MONTH_SWAPPED in record.typos:
            assert record.date_of_birth.day == original.date_of_birth.month
        if Typo.OTHER_COMMUNE in record.typos:
            assert record.locality.commune_code != original.locality.commune_code
            assert record.locality.province_code == original.locality.province_code
        if record.typos == (Typo.NO_DIACRITICS,):
            assert fold_name(record.full_name) == fold_name(original.full_name)


def test_the_finder_finds_every_retyped_worker_of_a_small_province() -> None:
    records = population(7, 800, "51", share=0.2)
    stored: dict[str, list[Likeness]] = defaultdict(list)
    person_of: dict[str, int] = {}
    missed = []
    for index, record in enumerate(records):
        new = Likeness(
            worker_id=f"w{index}",
            name_folded=fold_name(record.full_name),
            date_of_birth=record.date_of_birth,
            gender=record.gender,
            locality=record.locality,
            registered_at=NOW,
        )
        read = [o for k in keys_to_read(new.locality, new.date_of_birth) for o in stored[k]]
        found = {person_of[c.worker_id] for c in find_candidates(new, read, 20)}
        if record.typos and record.person not in found:
            missed.append(record)
        person_of[new.worker_id] = record.person
        for key in match_keys(new.locality, new.date_of_birth):
            stored[key].append(new)
    assert sum(1 for r in records if r.typos) > 100
    assert missed == []
