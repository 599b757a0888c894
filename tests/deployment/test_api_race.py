"""Concurrent selections, through two processes of the service on one store: never over-filled.

Both replicas are their own uvicorn processes (no lock in memory is shared); their relays
publish and mark the same placements while they are selected.
"""

from __future__ import annotations

import asyncio

import httpx

from tests.deployment.stack import Upstream, enterprise, known_worker, posted_order, shortlisted
from tests.support.problems import error_text


async def test_the_last_positions_go_to_exactly_as_many_workers_as_there_are(
    replicas: list[httpx.AsyncClient], upstream: Upstream
) -> None:
    api, replica = replicas
    sender = await enterprise(api)
    for positions in (1, 2, 3):
        workers = [await upstream.trained_worker() for _ in range(8)]
        for worker in workers:
            await known_worker(api, worker)
        order = await posted_order(api, sender, positions=positions)
        placements = [await shortlisted(api, order, w) for w in workers]
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
        refusals = {error_text(a.json()) for a in answers if a.status_code == 409}
        assert refusals == {f"all {positions} positions of the job order are filled"}
        view = (await replica.get(f"/job-orders/{order}")).json()
        assert (view["filled"], view["positions_left"]) == (positions, 0)
        states = [
            p["state"] for p in (await api.get(f"/job-orders/{order}/placements")).json()["items"]
        ]
        assert states.count("selected") == positions
        assert states.count("shortlisted") == len(placements) - positions


async def test_one_worker_selected_on_two_orders_at_once_holds_only_one_position(
    replicas: list[httpx.AsyncClient], upstream: Upstream
) -> None:
    api, replica = replicas
    sender = await enterprise(api)
    for _ in range(3):
        worker = await upstream.trained_worker()
        await known_worker(api, worker)
        first, second = await posted_order(api, sender), await posted_order(api, sender)
        here = await shortlisted(api, first, worker)
        there = await shortlisted(api, second, worker)

        answers = await asyncio.gather(
            api.post(f"/placements/{here}/selection"),
            replica.post(f"/placements/{there}/selection"),
        )

        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        loser = next(a for a in answers if a.status_code == 409).json()
        assert error_text(loser) == "worker already holds a position on another job order", loser
        filled = [(await api.get(f"/job-orders/{o}")).json()["filled"] for o in (first, second)]
        assert sorted(filled) == [0, 1], [a.text for a in answers]
