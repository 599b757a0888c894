"""Keyed hashes on the real store: every process hashes with the one lookup key the key store
keeps, and duplicate reviews' ids and twin keys are made with it (checked on the intake
service by ``keyed_with_the_key_stores_key``), so a guessed name, birth date and place cannot
be tested against them; reviews opened before lose their bare twin keys once."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from pymongo import AsyncMongoClient

from services.intake import store
from services.intake.domain.duplicates import group_of
from services.intake.domain.likeness import group_key, twin_key
from services.intake.domain.worker import Worker
from shared.persistence.kinds import kind_of
from shared.persistence.stores import open_store
from shared.privacy.lookup import LIKENESS, LOOKUP_KEYS, LookupKeys
from shared.privacy.masters import MasterKeyFile
from shared.settings import ServiceSettings


def _masters() -> MasterKeyFile:
    return MasterKeyFile.at(ServiceSettings().master_key_file, create=True)


async def test_every_process_hashes_with_the_one_key_the_key_store_keeps(
    store_client: AsyncMongoClient[dict[str, Any]], unique: str
) -> None:
    database = store_client[f"{unique}_keys"]
    keys = open_store(database, kind_of(database)).collection(LOOKUP_KEYS)
    replicas = [LookupKeys(keys, _masters()) for _ in range(4)]
    hashed = await asyncio.gather(*(replica.hash_for(LIKENESS) for replica in replicas))
    assert len({h("dinh thi linh") for h in hashed}) == 1
    [stored] = await database[LOOKUP_KEYS].find().to_list()
    assert hashed[0].secret not in stored["wrapped"]  # kept wrapped by the master key
    assert (await LookupKeys(keys, _masters()).hash_for("other"))("x") != hashed[0]("x")


async def keyed_with_the_key_stores_key(
    client: AsyncMongoClient[dict[str, Any]], unique: str, review_id: str
) -> None:
    """Checks a review's id and twin keys are keyed with the likeness key of the test's key
    store (as another process opens it), and none is the bare hash of what it names."""
    intake = client[f"{unique}_intake"]
    review = await intake[store.DUPLICATE_REVIEWS].find_one({"_id": review_id})
    assert review is not None
    workers = await intake[store.WORKERS].find({"_id": {"$in": review["worker_ids"]}}).to_list()
    likeness = [Worker.model_validate(w).likeness() for w in workers]
    anchor = min(group_key(record) for record in likeness)
    twins = {"|".join([r.name_folded, r.date_of_birth.isoformat(), r.locality.province_code,
                       r.locality.commune_code, r.gender.value]) for r in likeness}  # fmt: skip
    bare = {hashlib.sha256(text.encode()).hexdigest()[:24] for text in {anchor, *twins}}
    group = str(review["group"])
    assert review_id.startswith(f"{group}~")
    assert not bare & {group, *review["twin_keys"]}
    keys = client[f"{unique}_keys"]
    another_process = open_store(keys, kind_of(keys)).collection(LOOKUP_KEYS)
    keyed = await LookupKeys(another_process, _masters()).hash_for(LIKENESS)
    assert group == group_of(anchor, keyed)
    assert set(review["twin_keys"]) <= {twin_key(record, keyed) for record in likeness}
    assert review["twin_keys"]


async def test_reviews_opened_before_lose_their_bare_twin_keys_once(
    store_client: AsyncMongoClient[dict[str, Any]], unique: str
) -> None:
    database = store_client[f"{unique}_intake"]
    on = open_store(database, kind_of(database))
    reviews = database[store.DUPLICATE_REVIEWS]
    await reviews.insert_many([
        {"_id": "old~1", "version": 3, "status": "pending", "twin_keys": ["a1"], "twins": ["w-1"]},
        {"_id": "older~1", "status": "same_person", "twin_keys": ["b2"], "twins": ["w-2"]},
        {"_id": "new~1", "version": 1, "status": "pending", "twin_keys": ["c3"], "twins": ["w-3"],
         store.KEYED: True},
    ])  # fmt: skip
    assert await store.DuplicateReviews(on).drop_unkeyed_twin_keys() == 2
    found = {r["_id"]: r for r in await reviews.find().to_list()}
    assert [found[r].get("twin_keys") for r in ("old~1", "older~1", "new~1")] == [
        None,
        None,
        ["c3"],
    ]
    assert found["old~1"]["version"] == 4
    await reviews.update_one(
        {"_id": "old~1"}, {"$unset": {store.KEYED: ""}, "$set": {"twin_keys": ["z"]}}
    )
    assert await store.DuplicateReviews(on).drop_unkeyed_twin_keys() == 0  # done once
