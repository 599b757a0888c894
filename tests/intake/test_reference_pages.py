"""The reference data's unit pages are chosen by the caller (filter, cursor, limit): asking for
ever new pages must not hold each one in memory."""

from __future__ import annotations

from services.intake import reference_api

ASKED = 400


def test_pages_kept_ready_are_bounded_whatever_the_caller_asks_for() -> None:
    for n in range(ASKED):
        limit, cursor = 1 + n % 500, f"{n:05d}"
        reference_api._communes_body("14", cursor, limit)
        reference_api._former_communes_body("14", None, cursor, limit)
    assert reference_api._communes_body.cache_info().currsize < ASKED
    assert reference_api._former_communes_body.cache_info().currsize < ASKED
