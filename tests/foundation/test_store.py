"""What the services rely on from the MongoDB-wire store, proven against the real one."""

from __future__ import annotations

import pytest
from pymongo import ASCENDING, DESCENDING, AsyncMongoClient, ReturnDocument
from pymongo.errors import DuplicateKeyError


@pytest.fixture
async def collection(store_client: AsyncMongoClient[dict], unique: str):
    database = store_client[unique]
    yield database["workers"]
    await store_client.drop_database(unique)


async def test_insert_and_find_with_filters_and_sort(collection) -> None:
    await collection.insert_many(
        [
            {"_id": "w1", "commune": "001", "age": 31, "name": "Đinh Thị Linh"},
            {"_id": "w2", "commune": "001", "age": 24, "name": "Lò Văn Pâng"},
            {"_id": "w3", "commune": "002", "age": 28, "name": "Hà Thị Mai"},
        ]
    )
    found = (
        await collection.find({"commune": "001", "age": {"$gte": 20}})
        .sort("age", DESCENDING)
        .to_list(None)
    )
    assert [d["_id"] for d in found] == ["w1", "w2"]
    assert found[0]["name"] == "Đinh Thị Linh"


async def test_update_one_with_upsert_and_operators(collection) -> None:
    await collection.update_one(
        {"_id": "w1"}, {"$set": {"status": "registered"}, "$inc": {"checkins": 1}}, upsert=True
    )
    await collection.update_one(
        {"_id": "w1"}, {"$push": {"markets": "JP"}, "$inc": {"checkins": 2}}
    )
    await collection.update_one({"_id": "w1"}, {"$push": {"markets": "KR"}})
    await collection.update_one({"_id": "w1"}, {"$pull": {"markets": "JP"}})
    assert await collection.find_one({"_id": "w1"}) == {
        "_id": "w1",
        "status": "registered",
        "checkins": 3,
        "markets": ["KR"],
    }


async def test_find_one_and_update_returns_the_new_document(collection) -> None:
    await collection.insert_one({"_id": "course", "seats_taken": 4, "capacity": 5})
    after = await collection.find_one_and_update(
        {"_id": "course", "seats_taken": {"$lt": 5}},
        {"$inc": {"seats_taken": 1}},
        return_document=ReturnDocument.AFTER,
    )
    assert after is not None
    assert after["seats_taken"] == 5
    full = await collection.find_one_and_update(
        {"_id": "course", "seats_taken": {"$lt": 5}}, {"$inc": {"seats_taken": 1}}
    )
    assert full is None


async def test_unique_index_raises_duplicate_key_error(collection) -> None:
    await collection.create_index([("national_id", ASCENDING)], unique=True)
    await collection.insert_one({"_id": "w1", "national_id": "001090001234"})
    with pytest.raises(DuplicateKeyError):
        await collection.insert_one({"_id": "w2", "national_id": "001090001234"})
    assert await collection.count_documents({}) == 1


async def test_compound_unique_index(collection) -> None:
    await collection.create_index([("course", ASCENDING), ("worker", ASCENDING)], unique=True)
    await collection.insert_one({"course": "c1", "worker": "w1"})
    await collection.insert_one({"course": "c2", "worker": "w1"})
    with pytest.raises(DuplicateKeyError):
        await collection.insert_one({"course": "c1", "worker": "w1"})


async def test_aggregate_match_group_sort(collection) -> None:
    await collection.insert_many(
        [
            {"market": "JP", "commune": "001", "amount": 10},
            {"market": "JP", "commune": "002", "amount": 5},
            {"market": "KR", "commune": "001", "amount": 7},
            {"market": "TW", "commune": "003", "amount": 1},
        ]
    )

    async def group(accumulator: dict) -> list[dict]:
        # FerretDB v1 computes only the first accumulator of a $group (the others come back
        # 0), so each figure gets its own pipeline (docs/decisions.md).
        cursor = await collection.aggregate(
            [
                {"$match": {"market": {"$in": ["JP", "KR"]}}},
                {"$group": {"_id": "$market", "value": accumulator}},
                {"$sort": {"_id": 1}},
            ]
        )
        return await cursor.to_list(None)

    assert await group({"$sum": "$amount"}) == [
        {"_id": "JP", "value": 15},
        {"_id": "KR", "value": 7},
    ]
    assert await group({"$sum": 1}) == [{"_id": "JP", "value": 2}, {"_id": "KR", "value": 1}]
