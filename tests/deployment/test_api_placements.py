"""Placement states over HTTP: legal steps only, a 409 naming both states for an illegal jump."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.deployment.stack import (
    TODAY,
    Upstream,
    deployment_events,
    enterprise,
    known_worker,
    of_types,
    posted_order,
    shortlisted,
    walk_to_visa_granted,
)
from tests.support.auth import TEST_SUBJECT
from tests.support.problems import detail_and_members, error_locations, error_text


async def test_an_illegal_jump_gets_409_naming_from_and_to(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    worker = await upstream.trained_worker()
    await known_worker(api, worker)
    order = await posted_order(api, await enterprise(api))
    placement = await shortlisted(api, order, worker)

    jump = await api.post(f"/placements/{placement}/departure", json={})
    assert jump.status_code == 409
    assert detail_and_members(jump.json()) == {
        "detail": "placement cannot go from shortlisted to departed",
        "what": "placement",
        "from_state": "shortlisted",
        "to_state": "departed",
    }
    visa = await api.post(f"/placements/{placement}/visa-grant", json={"granted_on": str(TODAY)})
    assert visa.json()["from_state"] == "shortlisted"
    assert visa.json()["to_state"] == "visa_granted"
    view = (await api.get(f"/placements/{placement}")).json()
    assert view["state"] == "shortlisted"
    assert [step["state"] for step in view["history"]] == ["shortlisted"]


async def test_the_states_in_order_and_a_cancellation_that_frees_the_position(
    api: httpx.AsyncClient, upstream: Upstream, kafka_bootstrap: str, unique: str
) -> None:
    first, second = await upstream.trained_worker(), await upstream.trained_worker()
    for worker in (first, second):
        await known_worker(api, worker)
    order = await posted_order(api, await enterprise(api), positions=1)
    placement = await shortlisted(api, order, first)
    other = await shortlisted(api, order, second)

    granted = await walk_to_visa_granted(api, placement)
    assert [step["state"] for step in granted["history"]] == [
        "shortlisted",
        "selected",
        "contract_signed",
        "visa_applied",
        "visa_granted",
    ]
    assert {step["by"] for step in granted["history"]} == {TEST_SUBJECT}  # the token's subject
    assert granted["holds_position"] is True
    assert (
        granted["contract_end"]
        == (
            (TODAY + timedelta(days=30)).replace(year=(TODAY + timedelta(days=30)).year + 3)
        ).isoformat()
    )
    order_view = (await api.get(f"/job-orders/{order}")).json()
    assert (order_view["filled"], order_view["positions_left"]) == (1, 0)
    waiting = (await api.get(f"/placements/{other}")).json()
    assert waiting["blocked_reason"] == "no positions left on the job order"
    full = await api.post(f"/placements/{other}/selection")
    assert full.status_code == 409
    assert error_text(full.json()) == "all 1 positions of the job order are filled"

    cancelled = await api.post(
        f"/placements/{placement}/cancellation", json={"reason": "visa revoked by embassy"}
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["state"] == "cancelled"
    assert cancelled.json()["cancelled_from"] == "visa_granted"
    assert (await api.get(f"/job-orders/{order}")).json()["positions_left"] == 1
    selected = await api.post(f"/placements/{other}/selection")
    assert selected.status_code == 200, selected.text
    assert selected.json()["state"] == "selected"
    again = await api.post(f"/placements/{placement}/cancellation", json={"reason": "twice"})
    assert again.status_code == 409
    assert again.json()["from_state"] == "cancelled"

    events = await deployment_events(
        kafka_bootstrap, unique, of_types({"placement.cancelled": 1, "placement.selected": 2})
    )
    [(_, key, data)] = [e for e in events if e[0] == "placement.cancelled"]
    assert key == first
    assert data["from_state"] == "visa_granted"
    assert set(data["reason"]) == {"sealed"}  # an officer's free text travels sealed
    assert "visa revoked" not in str(data)


async def test_a_worker_is_shortlisted_once_per_order_and_holds_one_position_at_a_time(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    worker = await upstream.trained_worker()
    await known_worker(api, worker)
    sender = await enterprise(api)
    order, other_order = await posted_order(api, sender), await posted_order(api, sender)
    placement = await shortlisted(api, order, worker)

    twice = await api.post(f"/job-orders/{order}/placements", json={"worker_id": worker})
    assert twice.status_code == 409
    assert error_text(twice.json()) == "worker already has an open placement on this job order"

    elsewhere = await shortlisted(api, other_order, worker)
    assert (await api.post(f"/placements/{placement}/selection")).status_code == 200
    second = await api.post(f"/placements/{elsewhere}/selection")
    assert second.status_code == 409
    assert error_text(second.json()) == "worker already holds a position on another job order"
    assert (await api.get(f"/job-orders/{other_order}")).json()["filled"] == 0

    mine = (await api.get(f"/workers/{worker}/placements")).json()["items"]
    assert [(p["placement_id"], p["state"]) for p in mine] == [
        (placement, "selected"),
        (elsewhere, "shortlisted"),
    ]


async def test_shortlisting_a_worker_who_does_not_fit_says_what_is_missing(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    worker = await upstream.trained_worker(level="JLPT-N5")
    await known_worker(api, worker)
    order = await posted_order(api, await enterprise(api), requirements={"language_level": "N3"})
    response = await api.post(f"/job-orders/{order}/placements", json={"worker_id": worker})
    assert response.status_code == 409
    assert response.json()["unmet"] == ["language_level"]
    unknown = await api.post(f"/job-orders/{order}/placements", json={"worker_id": "w-nobody"})
    assert unknown.status_code == 422
    assert error_locations(unknown.json())[0] == ("body", "worker_id")
