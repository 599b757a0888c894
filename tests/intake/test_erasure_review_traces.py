"""An erased worker's twin key leaves the duplicate review they joined, on the real store,
even when the review listed them only in its ``more_records`` count: neither the review nor
its members' documents hold the key afterwards, and the key no longer finds the review."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient

from services.intake import store
from services.intake.domain.duplicates import MAX_MEMBERS, open_review
from services.intake.domain.erasure import forgotten_review
from shared.persistence.kinds import kind_of
from shared.persistence.stores import open_store
from shared.privacy.lookup import KeyedHash

NOW = datetime.now(UTC)
KEYED = KeyedHash(b"the likeness lookup key of a test")


async def test_a_member_counted_only_in_more_records_leaves_no_twin_key(
    store_client: AsyncMongoClient[dict[str, Any]], unique: str
) -> None:
    database = store_client[f"{unique}_intake"]
    on = open_store(database, kind_of(database))
    reviews = store.DuplicateReviews(on)
    others = [f"w-{n:02}" for n in range(MAX_MEMBERS)]
    full = open_review("w-new", "k", others, round_=1, now=NOW, twin="t-opening", keyed=KEYED)
    assert await reviews.open(full, "51")
    members = await reviews.join(full.review_id, "w-erased", MAX_MEMBERS, twin="t-erased")
    assert members is not None
    assert "w-erased" not in members
    read = await reviews.get(full.review_id)
    assert read is not None
    assert (read["more_records"], "w-erased" in read["worker_ids"]) == (1, False)
    assert await reviews.pending_of_twin("t-erased") == (full.review_id, "w-erased")

    await reviews.forget("w-erased", forgotten_review)

    held = [
        *await database[store.DUPLICATE_REVIEWS].find().to_list(),
        *await database[store.REVIEW_MEMBERS].find().to_list(),
    ]
    assert "t-erased" not in str(held)
    assert await reviews.pending_of_twin("t-erased") is None
    assert await reviews.pending_of_twin("t-opening") == (full.review_id, "w-new")
    after = await reviews.get(full.review_id)
    assert after is not None
    assert after["more_records"] == 1  # a count, no one's data
