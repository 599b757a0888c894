"""A worker from intake's and training's events, matched, placed and sent abroad, end to end."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.deployment.stack import (
    TODAY,
    Upstream,
    deployment_events,
    enterprise,
    known_worker,
    of_type,
    posted_order,
    shortlisted,
    walk_to_visa_granted,
)


async def test_a_trained_worker_is_matched_placed_and_departs_with_worker_departed(
    api: httpx.AsyncClient, upstream: Upstream, kafka_bootstrap: str, unique: str
) -> None:
    worker = await upstream.trained_worker(level="JLPT-N3")
    await known_worker(api, worker)
    sender = await enterprise(api)
    order = await posted_order(api, sender)

    matches = (await api.get(f"/job-orders/{order}/matches")).json()["matches"]
    assert [m["worker_id"] for m in matches] == [worker]

    placement = await shortlisted(api, order, worker)
    granted = await walk_to_visa_granted(api, placement)
    assert granted["state"] == "visa_granted"
    response = await api.post(f"/placements/{placement}/departure", json={})
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "departed"

    events = await deployment_events(kafka_bootstrap, unique, of_type("worker.departed"))
    [(_, key, data)] = [e for e in events if e[0] == "worker.departed"]
    assert key == worker
    assert data["placement_id"] == placement
    assert data["country"] == "JP"
    assert data["employer"] == "Shizuoka Denshi K.K."
    assert data["sector"] == "electronics"
    assert data["enterprise_id"] == sender
    assert data["job_order_id"] == order
    start = TODAY + timedelta(days=30)
    assert data["contract_start"] == start.isoformat()
    assert data["contract_end"] == start.replace(year=start.year + 3).isoformat()
    assert (data["monthly_salary"], data["salary_currency"]) == (180000.0, "JPY")
    assert data["monthly_salary_vnd"] == 30_600_000
    types = [e[0] for e in events if e[1] == worker]
    assert types[:6] == [
        "placement.shortlisted",
        "placement.selected",
        "placement.contract-signed",
        "placement.visa-applied",
        "placement.visa-granted",
        "worker.departed",
    ]
