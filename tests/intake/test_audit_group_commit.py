"""The audit trail's group commit, against the real store: requests share inserts, every
answered read is stored, and an entry the store refuses fails its own request."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import httpx
from fastapi import FastAPI
from pymongo import AsyncMongoClient

from shared.auth.audit import AUDIT
from shared.auth.guard import Guard
from shared.persistence.stores import open_store
from tests.intake.support import intake_app, person
from tests.support.auth import service_headers
from tests.support.infrastructure import ROOT
from tests.support.services import ServiceProcess, free_port, in_process, settings_env

LOGS = ROOT / ".local" / "test-logs"
READS = 40


def served(app: FastAPI) -> contextlib.AbstractAsyncContextManager[httpx.AsyncClient]:
    """The app in-process; an exception the app raises is answered 500, as uvicorn does."""
    return in_process(app, raise_app_exceptions=False)


async def register(api: httpx.AsyncClient, n: int) -> str:
    response = await api.post("/workers", json=person(n))
    assert response.status_code == 201, response.text
    worker_id: str = response.json()["worker_id"]
    return worker_id


async def reads_of(store: AsyncMongoClient[Any], unique: str, worker_id: str) -> list[Any]:
    entries = store[f"{unique}_intake"][AUDIT].find({"worker_id": worker_id, "method": "GET"})
    return await entries.to_list(None)


async def test_concurrent_reads_share_inserts_and_each_is_stored(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[Any]
) -> None:
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    async with served(app) as api:
        worker_id = await register(api, 1)
        trail = app.state.guard.trail
        inserts_before = trail.inserts
        answers = await asyncio.gather(*(api.get(f"/workers/{worker_id}") for _ in range(READS)))
        assert [a.status_code for a in answers] == [200] * READS
        inserts = trail.inserts - inserts_before
    # read by another client, after every answer left: each read is in the store
    stored = await reads_of(store_client, unique, worker_id)
    assert len(stored) == READS
    assert {e["correlation_id"] for e in stored} == {a.headers["x-correlation-id"] for a in answers}
    assert 1 <= inserts < READS / 4, f"{READS} reads took {inserts} inserts"


async def test_a_store_that_cannot_be_reached_fails_the_read(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[Any]
) -> None:
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    async with served(app) as api:
        worker_id = await register(api, 2)
        guard: Guard = app.state.guard
        # a real client to a port nothing listens on: the insert fails as it would if the
        # store went away, and nothing about the trail is faked
        nowhere: AsyncMongoClient[Any] = AsyncMongoClient(
            f"mongodb://127.0.0.1:{free_port()}", serverSelectionTimeoutMS=300
        )
        kept = guard.trail.collection
        unreachable = open_store(nowhere[f"{unique}_intake"], guard.store.kind)
        guard.trail.collection = unreachable.collection(AUDIT)
        try:
            answers = await asyncio.gather(*(api.get(f"/workers/{worker_id}") for _ in range(3)))
        finally:
            guard.trail.collection = kept
            await nowhere.close()
        assert [a.status_code for a in answers] == [500] * 3
        assert all(worker_id not in a.text for a in answers)
        again = await api.get(f"/workers/{worker_id}")
        assert again.status_code == 200
    assert len(await reads_of(store_client, unique, worker_id)) == 1


async def test_an_entry_the_store_refuses_fails_only_its_own_request(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[Any]
) -> None:
    """Across the process boundary: intake in its own uvicorn process, a second store client
    making one correlation id unique in the audit collection; reads sent together carry it."""
    env = settings_env("intake", unique, kafka_bootstrap, mongodb_url)
    process = ServiceProcess("intake", env, free_port(), LOGS / f"{unique}-intake.log")
    LOGS.mkdir(parents=True, exist_ok=True)
    process.start()
    try:
        await process.wait_ready(90)
        async with httpx.AsyncClient(base_url=process.url, headers=service_headers()) as api:
            worker_id = await register(api, 3)
            await store_client[f"{unique}_intake"][AUDIT].create_index(
                "correlation_id", name="one_entry_per_correlation", unique=True
            )
            same = {"X-Correlation-ID": "audit-once"}
            sent = [api.get(f"/workers/{worker_id}", headers=same) for _ in range(4)]
            sent += [
                api.get(f"/workers/{worker_id}", headers={"X-Correlation-ID": f"audit-{n}"})
                for n in range(6)
            ]
            answers = await asyncio.gather(*sent)
    finally:
        process.stop()
    statuses = [a.status_code for a in answers]
    assert sorted(statuses[:4]) == [200, 500, 500, 500], statuses
    assert statuses[4:] == [200] * 6
    stored = await reads_of(store_client, unique, worker_id)
    assert sorted(e["correlation_id"] for e in stored) == sorted(
        ["audit-once", *(f"audit-{n}" for n in range(6))]
    )


async def test_the_entry_is_stored_while_the_handler_runs(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[Any]
) -> None:
    """A read's and a registration's handler find their entry in the store, read by another
    client, before they finish: the entry is written beside the handler, not after it."""
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    audit = store_client[f"{unique}_intake"][AUDIT]
    seen: list[str] = []

    async def entry_stored(query: dict[str, Any]) -> None:
        for _ in range(200):
            if await audit.find_one(query) is not None:
                seen.append(query["method"])
                return
            await asyncio.sleep(0.01)

    async with served(app) as api:
        worker_id = await register(api, 4)
        workers = app.state.service.workers
        get, create = workers.get, workers.create

        async def get_once_audited(worker: str) -> Any:
            await entry_stored({"worker_id": worker, "method": "GET"})
            return await get(worker)

        async def create_once_audited(worker: str, *args: Any) -> Any:
            await entry_stored({"worker_id": worker, "method": "POST"})
            return await create(worker, *args)

        workers.get, workers.create = get_once_audited, create_once_audited
        read = await api.get(f"/workers/{worker_id}")
        registered = await api.post("/workers", json=person(5))
    assert (read.status_code, registered.status_code) == (200, 201), registered.text
    assert seen == ["GET", "POST"]
    [entry] = await audit.find({"worker_id": registered.json()["worker_id"]}).to_list(None)
    assert (entry["status"], entry["action"], entry["refused"]) == (201, "worker.register", False)


async def test_an_answer_other_than_the_entry_recorded_gets_a_second_entry(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[Any]
) -> None:
    """An entry written beside the handler records the route's status on success; a read the
    handler answers 404 and a registration refused 409 each add an entry naming it."""
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    async with served(app) as api:
        assert (await api.get("/workers/no-such-worker")).status_code == 404
        body = person(6)
        await register_body(api, body)
        again = await api.post("/workers", json=body)
        assert again.status_code == 409
    audit = store_client[f"{unique}_intake"][AUDIT]
    entries = {e["_id"]: e for e in await audit.find({}).to_list(None)}
    outcomes = [e for e in entries.values() if e.get("outcome_of")]
    assert sorted((e["method"], e["status"], e["refused"]) for e in outcomes) == [
        ("GET", 404, True),
        ("POST", 409, False),
    ]
    for outcome in outcomes:
        started = entries[outcome["outcome_of"]]
        assert started["status"] == (200 if outcome["method"] == "GET" else 201)
        assert started["correlation_id"] == outcome["correlation_id"]
        assert started["worker_id"] == outcome["worker_id"]
    assert len(entries) == 5  # two registrations, the read, and the two outcomes


async def register_body(api: httpx.AsyncClient, body: dict[str, Any]) -> None:
    response = await api.post("/workers", json=body)
    assert response.status_code == 201, response.text


async def test_a_handler_that_fails_unexpectedly_is_audited_with_its_500(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[Any]
) -> None:
    """A read whose handler raises (its entry started with 200) and a registration that fails
    before naming its worker (no entry started) each leave an entry recording the 500."""
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    async with served(app) as api:
        worker_id = await register(api, 7)
        service = app.state.service

        async def broken(*_: Any) -> Any:
            raise RuntimeError("the handler broke")

        service.workers.get = broken
        read = await api.get(f"/workers/{worker_id}", headers={"X-Correlation-ID": "read-500"})
        app.state.idempotency.run = broken
        registered = await api.post(
            "/workers", json=person(8), headers={"X-Correlation-ID": "register-500"}
        )
    assert (read.status_code, registered.status_code) == (500, 500)
    audit = store_client[f"{unique}_intake"][AUDIT]
    for correlation_id, method in (("read-500", "GET"), ("register-500", "POST")):
        entries = await audit.find({"correlation_id": correlation_id}).to_list(None)
        assert [e["method"] for e in entries] == [method] * len(entries)
        assert 500 in [e["status"] for e in entries], entries
