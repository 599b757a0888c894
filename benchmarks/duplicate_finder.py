"""Precision and recall of intake's duplicate finder on generated workers with typing mistakes.

    uv run python -m benchmarks.duplicate_finder                  # 10,000 workers of Nghệ An
    uv run python -m benchmarks.duplicate_finder --count 20000 --province 01 --share 0.2

Generates ``--count`` registrations of one province (``tools.generator.typos``): about
``--share`` of them are an earlier worker typed in again with one mistake, or two (letters
swapped, diacritics missing, day and month swapped, another commune of the province). Registers
them in order through the finder's own functions (blocking keys, at most ``MATCHES_READ``
records read a key, ``find_candidates``), as intake does, with no store. Prints recall per
kind of mistake (a retyped worker is found when a candidate is the same person), beside the
exact key the finder replaced (folded name, birth date, commune), then precision of the pairs
flagged and the records read per registration.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

from benchmarks.common import table
from services.intake.domain.duplicates import MAX_CANDIDATES
from services.intake.domain.likeness import Likeness, find_candidates, keys_to_read, match_keys
from services.intake.domain.names import fold_name, normalise_name
from services.intake.domain.worker import duplicate_key
from services.intake.store import MATCHES_READ
from tools.generator.typos import Registration, population

START = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)


def likeness(index: int, record: Registration) -> Likeness:
    return Likeness(
        worker_id=f"w{index}",
        name_folded=fold_name(normalise_name(record.full_name)),
        date_of_birth=record.date_of_birth,
        gender=record.gender,
        locality=record.locality,
        registered_at=START + timedelta(seconds=index),
    )


def kind_of(record: Registration) -> str:
    if len(record.typos) > 1:
        return "two mistakes"
    return record.typos[0].value if record.typos else "none: the same again"


def main(count: int, province: str, share: float, seed: int) -> None:
    records = population(seed, count, province, share)
    person_of = {f"w{i}": r.person for i, r in enumerate(records)}
    stored: dict[str, list[Likeness]] = defaultdict(list)
    exact: dict[str, set[int]] = defaultdict(set)
    seen: set[int] = set()
    injected: Counter[str] = Counter()
    found: Counter[str] = Counter()
    found_exact: Counter[str] = Counter()
    true_pairs = false_pairs = 0
    reads: list[int] = []
    started = time.perf_counter()
    for index, record in enumerate(records):
        new = likeness(index, record)
        read = [o for key in keys_to_read(new.locality, new.date_of_birth)
                for o in stored[key][:MATCHES_READ]]  # fmt: skip
        reads.append(len(read))
        candidates = find_candidates(new, read, MAX_CANDIDATES)
        same = [person_of[c.worker_id] == record.person for c in candidates]
        true_pairs += sum(same)
        false_pairs += len(same) - sum(same)
        key = duplicate_key(record.full_name, record.date_of_birth, record.locality.commune_code)
        if record.person in seen:
            kind = kind_of(record)
            injected[kind] += 1
            found[kind] += any(same)
            found_exact[kind] += record.person in exact[key]
        seen.add(record.person)
        exact[key].add(record.person)
        for stored_key in match_keys(new.locality, new.date_of_birth):
            stored[stored_key].append(new)
    seconds = time.perf_counter() - started

    rows = []
    for kind in sorted(injected):
        rows.append([kind, injected[kind], found_exact[kind], found[kind],
                     f"{found[kind] / injected[kind]:.1%}"])  # fmt: skip
    total, hits = sum(injected.values()), sum(found.values())
    rows.append(["all retyped", total, sum(found_exact.values()), hits, f"{hits / total:.1%}"])
    print(table(["mistakes", "retyped", "found by exact key", "found by finder", "recall"], rows))
    flagged = true_pairs + false_pairs
    precision = true_pairs / flagged if flagged else 1.0
    print(
        table(
            ["registrations", "pairs flagged", "same person", "different people", "precision",
             "records read per registration (mean / max)", "seconds"],
            [[count, flagged, true_pairs, false_pairs, f"{precision:.1%}",
              f"{sum(reads) / len(reads):.1f} / {max(reads)}", f"{seconds:.1f}"]],
        )
    )  # fmt: skip
    print(f"province {province}, seed {seed}, share retyped {share}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--province", default="40")
    parser.add_argument("--share", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=23)
    arguments = parser.parse_args()
    main(arguments.count, arguments.province, arguments.share, arguments.seed)
