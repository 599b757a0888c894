"""Aftercare's contract extension moves the departed placement's end date here too."""

from __future__ import annotations

from datetime import date

import httpx

from tests.deployment.stack import (
    Upstream,
    deployment_events,
    enterprise,
    eventually,
    known_worker,
    of_type,
    posted_order,
    shortlisted,
    walk_to_visa_granted,
)


async def test_an_extension_moves_the_end_date_and_is_announced_keyed_by_worker(
    api: httpx.AsyncClient, upstream: Upstream, kafka_bootstrap: str, unique: str
) -> None:
    worker = await upstream.trained_worker()
    await known_worker(api, worker)
    placement = await shortlisted(api, await posted_order(api, await enterprise(api)), worker)
    await walk_to_visa_granted(api, placement)
    departed = await api.post(f"/placements/{placement}/departure", json={})
    signed_end = departed.json()["contract_end"]

    async def abroad() -> bool:
        return bool((await api.get(f"/workers/{worker}")).json()["abroad"])

    await eventually(abroad, what="deployment's own worker.departed folded into its view")
    new_end = date.fromisoformat(signed_end).replace(year=date.fromisoformat(signed_end).year + 2)
    await upstream.extend_contract(worker, placement, new_end)

    async def moved() -> bool:
        view = (await api.get(f"/placements/{placement}")).json()
        return bool(view["contract_end"] == new_end.isoformat())

    await eventually(moved, what="the extension on the placement")
    events = await deployment_events(
        kafka_bootstrap, unique, of_type("placement.contract-end-changed")
    )
    [(_, key, data)] = [e for e in events if e[0] == "placement.contract-end-changed"]
    assert key == worker
    assert (data["previous_end"], data["contract_end"]) == (signed_end, new_end.isoformat())
    assert data["placement_id"] == placement
    matches = (await api.get(f"/workers/{worker}/matches?include_unfit=true")).json()["matches"]
    assert all(not r["met"] for m in matches for r in m["reasons"] if r["requirement"] == "at_home")
