"""A bulk write whose only error is a write-concern error is a failure, and its batch is retried.

The store keeps the write but cannot promise it lasts (a replica set lost its majority): the
batch must not count as applied, or its offsets would be committed for a write that may be
rolled back. The write lands on the real store; only its acknowledgement is replaced.
"""

from __future__ import annotations

from typing import Any

import pytest
from pymongo import AsyncMongoClient, InsertOne, UpdateOne
from pymongo.errors import BulkWriteError

from shared.store import (
    TRANSIENT_STORE_ERRORS,
    TransientWriteError,
    WriteNotAcknowledgedError,
    WriteRefusedError,
    bulk_write_chunked,
    write_refusals,
)
from tests.messaging.support import eventually, probe_env, tallies
from tests.support.services import in_process, service_app

CONCERN_LOST = {"code": 64, "errmsg": "waiting for replication timed out"}


def _error(**details: Any) -> BulkWriteError:
    return BulkWriteError(
        {"writeErrors": [], "writeConcernErrors": [], "nInserted": 0, "nMatched": 0, **details}
    )


def test_a_write_concern_error_alone_is_an_outage_not_a_success() -> None:
    with pytest.raises(WriteNotAcknowledgedError, match="write concern not met"):
        write_refusals(_error(writeConcernErrors=[CONCERN_LOST], nMatched=3))
    assert issubclass(WriteNotAcknowledgedError, TRANSIENT_STORE_ERRORS)


def test_a_write_concern_error_beside_duplicates_is_still_an_outage() -> None:
    duplicate = {"index": 0, "code": 11000, "errmsg": "E11000 duplicate key"}
    with pytest.raises(WriteNotAcknowledgedError):
        write_refusals(_error(writeErrors=[duplicate], writeConcernErrors=[CONCERN_LOST]))


def test_write_errors_are_sorted_into_races_outages_and_refused_documents() -> None:
    duplicate = {"index": 0, "code": 11000, "errmsg": "E11000"}
    too_large = {"index": 2, "code": 10334, "errmsg": "BSONObj size is invalid"}
    assert list(write_refusals(_error(writeErrors=[duplicate, too_large]))) == [2]
    assert isinstance(write_refusals(_error(writeErrors=[too_large]))[2], WriteRefusedError)
    conflict = {"index": 1, "code": 112, "errmsg": "WriteConflict"}
    with pytest.raises(TransientWriteError):
        write_refusals(_error(writeErrors=[duplicate, conflict]))


class ConcernLost:
    """A real collection whose next ``failures`` bulk writes are done, then answered with a
    write-concern error, as a replica set that lost its majority answers."""

    def __init__(self, collection: Any, failures: int) -> None:
        self.collection = collection
        self.failures = failures

    def __getattr__(self, name: str) -> Any:
        return getattr(self.collection, name)

    async def bulk_write(self, operations: list[Any], ordered: bool = True) -> Any:
        result = await self.collection.bulk_write(operations, ordered=ordered)
        if self.failures <= 0:
            return result
        self.failures -= 1
        raise BulkWriteError(
            {
                "writeErrors": [],
                "writeConcernErrors": [CONCERN_LOST],
                "nInserted": result.inserted_count,
                "nMatched": result.matched_count,
            }
        )


async def test_bulk_write_chunked_raises_when_the_write_concern_fails(
    store_client: AsyncMongoClient[dict], unique: str
) -> None:
    real = store_client[unique]["views"]
    try:
        await real.insert_one({"_id": "w1", "version": 1})
        lossy: Any = ConcernLost(real, failures=1)
        operations: list[Any] = [
            UpdateOne({"_id": "w1", "version": 1}, {"$set": {"version": 2}}),
            InsertOne({"_id": "w2", "version": 1}),
        ]
        with pytest.raises(WriteNotAcknowledgedError):
            await bulk_write_chunked(lossy, operations, ["w1", "w2"], refusals=True)
        # The store did write: only the promise that it lasts is missing.
        assert await real.count_documents({}) == 2
    finally:
        await store_client.drop_database(unique)


async def test_a_batch_whose_write_concern_fails_is_retried_and_applied_once(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    app = service_app(
        "probe", probe_env(unique, kafka_bootstrap, mongodb_url), "tests.messaging.probe"
    )
    async with in_process(app) as api:
        consumer = app.state.runtime.consumers[0]
        lossy = ConcernLost(consumer.collection, failures=0)
        consumer.collection = lossy
        # One step at a time, so each is its own batch whose first write loses its concern
        # (two steps in one batch would make one write, and leave a failure unspent).
        for step in (1, 2):
            lossy.failures = 1
            await api.post("/workers/w1/steps")

            async def applied(upto: int = step) -> bool:
                return (await tallies(store_client, unique)).get("w1") == list(range(1, upto + 1))

            await eventually(applied, what=f"step {step} applied")
            assert lossy.failures == 0
        metrics = (await api.get("/metrics")).text
        retries = [
            float(line.rsplit(" ", 1)[1])
            for line in metrics.splitlines()
            if line.startswith("homeward_handler_batch_retries_total{")
        ]
        assert sum(retries) >= 2
    assert (await tallies(store_client, unique)) == {"w1": [1, 2]}


def test_a_refused_command_is_an_outage_only_for_codes_about_the_store() -> None:
    from pymongo.errors import OperationFailure

    from shared.store import is_store_outage

    assert is_store_outage(OperationFailure("not authorized", code=13))
    assert is_store_outage(OperationFailure("primary stepped down", code=189))
    # FerretDB refuses a string holding a NUL with InternalError: that document's fault.
    assert not is_store_outage(OperationFailure("unsupported Unicode escape", code=1))
    assert not is_store_outage(_error(writeErrors=[{"index": 0, "code": 13}]))
