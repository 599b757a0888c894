"""Concurrent selections, through two replicas of the service on one store: never over-filled."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from pymongo import AsyncMongoClient

from tests.deployment.stack import (
    Upstream,
    enterprise,
    eventually,
    known_worker,
    posted_order,
    shortlisted,
)
from tests.support.services import in_process, service_app, settings_env


@pytest.fixture
async def replica(
    api: httpx.AsyncClient, kafka_bootstrap: str, mongodb_url: str, unique: str
) -> AsyncIterator[httpx.AsyncClient]:
    """A second deployment process on the same topics and database (its own store client)."""
    env = settings_env("deployment", unique, kafka_bootstrap, mongodb_url)
    async with in_process(service_app("deployment", env)) as client:
        yield client


async def drained(store_client: AsyncMongoClient[dict], unique: str) -> None:
    """Waits until every placement's events are published.

    Then the race below is only between the selections: FerretDB v1 rewrites a whole document
    per update, so the other replica's relay marking a placement sent at the instant it is
    selected could drop the selection (see docs/deployment.md), which is not what this tests.
    """
    placements = store_client[f"{unique}_deployment"]["placements"]

    async def done() -> bool:
        return await placements.count_documents({"outbox_pending": True}) == 0

    await eventually(done, what="placement events published")


async def test_the_last_positions_go_to_exactly_as_many_workers_as_there_are(
    api: httpx.AsyncClient,
    replica: httpx.AsyncClient,
    upstream: Upstream,
    store_client: AsyncMongoClient[dict],
    unique: str,
) -> None:
    sender = await enterprise(api)
    for positions in (1, 2, 3):
        workers = [await upstream.trained_worker() for _ in range(8)]
        for worker in workers:
            await known_worker(api, worker)
        order = await posted_order(api, sender, positions=positions)
        placements = [await shortlisted(api, order, w) for w in workers]
        await drained(store_client, unique)
        clients = [api, replica] * (len(placements) // 2)

        answers = await asyncio.gather(
            *(
                client.post(f"/placements/{p}/selection")
                for client, p in zip(clients, placements, strict=True)
            )
        )

        codes = sorted(a.status_code for a in answers)
        assert codes == [200] * positions + [409] * (len(placements) - positions), [
            a.text for a in answers
        ]
        refusals = {a.json()["detail"] for a in answers if a.status_code == 409}
        assert refusals == {f"all {positions} positions of the job order are filled"}
        view = (await replica.get(f"/job-orders/{order}")).json()
        assert (view["filled"], view["positions_left"]) == (positions, 0)
        states = [p["state"] for p in (await api.get(f"/job-orders/{order}/placements")).json()]
        assert states.count("selected") == positions
        assert states.count("shortlisted") == len(placements) - positions


async def test_one_worker_selected_on_two_orders_at_once_holds_only_one_position(
    api: httpx.AsyncClient,
    replica: httpx.AsyncClient,
    upstream: Upstream,
    store_client: AsyncMongoClient[dict],
    unique: str,
) -> None:
    sender = await enterprise(api)
    for _ in range(3):
        worker = await upstream.trained_worker()
        await known_worker(api, worker)
        first, second = await posted_order(api, sender), await posted_order(api, sender)
        here = await shortlisted(api, first, worker)
        there = await shortlisted(api, second, worker)
        await drained(store_client, unique)

        answers = await asyncio.gather(
            api.post(f"/placements/{here}/selection"),
            replica.post(f"/placements/{there}/selection"),
        )

        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        loser = next(a for a in answers if a.status_code == 409).json()
        assert loser["detail"] == "worker already holds a position on another job order"
        filled = [(await api.get(f"/job-orders/{o}")).json()["filled"] for o in (first, second)]
        assert sorted(filled) == [0, 1]
