"""A merged duplicate's time abroad moves onto the survivor's candidate record: once, in any
order of moves, and the duplicate keeps nothing abroad."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from services.deployment.domain import Candidate
from services.deployment.domain.candidates import AbroadContract
from services.deployment.domain.moves import moved_away, moved_in
from shared.contracts.common import Market
from tests.deployment.builders import NOW, candidate

DEPARTED = NOW - timedelta(days=100)


def abroad(worker_id: str, **facts: object) -> Candidate:
    return candidate(worker_id).model_copy(update=facts)


def contract(placement_id: str, **terms: object) -> AbroadContract:
    return AbroadContract(placement_id=placement_id, country=Market.JAPAN, **terms)


def test_a_record_not_merged_or_never_abroad_moves_nothing() -> None:
    there = abroad("w-2", last_departed_at=DEPARTED)
    assert moved_away(there) == (there, None)
    home = candidate("w-2").model_copy(update={"merged_into": "w-1"})
    assert moved_away(home) == (home, None)


def test_the_survivor_is_abroad_with_the_duplicates_contract_and_the_duplicate_is_not() -> None:
    duplicate = abroad(
        "w-2",
        merged_into="w-1",
        last_departed_at=DEPARTED,
        contracts={"pl-2": contract("pl-2", departed_at=DEPARTED, original_end=date(2028, 1, 1))},
    )
    left, move = moved_away(duplicate)
    assert move is not None
    assert (move.worker_id, move.survivor_id) == ("w-2", "w-1")
    assert (left.abroad, left.contracts, left.merged_into) == (False, {}, "w-1")
    survivor = moved_in(candidate("w-1"), move)
    assert survivor.abroad
    assert survivor.contracts["pl-2"].contract_end == date(2028, 1, 1)
    assert survivor.merged_from == ["w-2"]
    assert moved_in(survivor, move) == survivor  # heard twice


def test_moves_heard_in_any_order_give_one_record() -> None:
    reported: datetime = DEPARTED + timedelta(days=30)
    moves = []
    for facts in (
        {
            "last_departed_at": DEPARTED,
            "contracts": {"pl-2": contract("pl-2", departed_at=DEPARTED)},
        },
        {
            "contracts": {
                "pl-2": contract("pl-2", reported_end=date(2029, 1, 1), reported_at=reported)
            }
        },
        {"last_returned_on": (DEPARTED + timedelta(days=60)).date()},
        {"missing_reported_at": reported, "missing_since": reported - timedelta(days=9)},
    ):
        _, move = moved_away(abroad("w-2", merged_into="w-1", **facts))
        assert move is not None
        moves.append(move)
    results = set()
    for order in itertools.permutations(moves):
        survivor = candidate("w-1")
        for move in order:
            survivor = moved_in(survivor, move)
        results.add(survivor.model_dump_json())
    assert len(results) == 1
    [one] = results
    survivor = Candidate.model_validate_json(one)
    assert survivor.contracts["pl-2"].contract_end == date(2029, 1, 1)
    assert survivor.contracts["pl-2"].departed
    assert not survivor.abroad  # the later return was moved too
