"""A refused visa over HTTP: the placement ends, its position is taken again, the event goes out;
a refusal after departure, a bad body and a caller outside the worker's area are refused."""

from __future__ import annotations

from datetime import timedelta

import httpx

from shared.auth import Role
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
from tests.support.auth import auth_headers
from tests.support.problems import detail_and_members, error_text

SON_LA_CENTRE = auth_headers(Role.CENTRE_STAFF, "centre-son-la", province_code="14")
QUANG_NGAI_CENTRE = auth_headers(Role.CENTRE_STAFF, "centre-quang-ngai", province_code="51")
SON_LA_AFTERCARE = auth_headers(Role.AFTERCARE_OFFICER, "aftercare-son-la", province_code="14")


async def _visa_applied(api: httpx.AsyncClient, order: str, worker: str) -> str:
    placement = await shortlisted(api, order, worker)
    today = TODAY.isoformat()
    for step, body in (
        ("selection", {}),
        ("contract", {"signed_on": today, "contract_start": str(TODAY + timedelta(days=30))}),
        ("visa-application", {"applied_on": today}),
    ):
        response = await api.post(f"/placements/{placement}/{step}", json=body)
        assert response.status_code == 200, response.text
    return placement


async def test_a_refused_visa_ends_the_placement_and_the_position_is_taken_again(
    api: httpx.AsyncClient, upstream: Upstream, kafka_bootstrap: str, unique: str
) -> None:
    first, second = await upstream.trained_worker(), await upstream.trained_worker()
    for worker in (first, second):
        await known_worker(api, worker)
    order = await posted_order(api, await enterprise(api), positions=1)
    placement = await _visa_applied(api, order, first)
    other = await shortlisted(api, order, second)
    assert (await api.post(f"/placements/{other}/selection")).status_code == 409  # full

    refused = await api.post(
        f"/placements/{placement}/visa-refusal",
        json={"refused_on": str(TODAY), "reason": "employer quota withdrawn"},
        headers=SON_LA_CENTRE,
    )
    assert refused.status_code == 200, refused.text
    body = refused.json()
    assert (body["state"], body["holds_position"]) == ("visa_refused", False)
    assert (body["visa_refused_on"], body["visa_refusal_reason"]) == (
        str(TODAY),
        "employer quota withdrawn",
    )
    assert body["history"][-1]["by"] == "centre-son-la"
    order_view = (await api.get(f"/job-orders/{order}")).json()
    assert (order_view["filled"], order_view["positions_left"]) == (0, 1)
    taken = await api.post(f"/placements/{other}/selection")
    assert taken.status_code == 200, taken.text
    assert taken.json()["holds_position"] is True

    again = await api.post(
        f"/placements/{placement}/visa-refusal",
        json={"refused_on": str(TODAY), "reason": "asked twice"},
    )
    assert again.status_code == 409
    assert error_text(again.json()) == "placement cannot go from visa_refused to visa_refused"

    events = await deployment_events(kafka_bootstrap, unique, of_type("placement.visa-refused"))
    [(_, key, data)] = [e for e in events if e[0] == "placement.visa-refused"]
    assert key == first
    assert data["placement_id"] == placement
    assert (data["applied_on"], data["refused_on"]) == (str(TODAY), str(TODAY))
    assert data["country"] == "JP"
    assert set(data["reason"]) == {"sealed"}  # an officer's free text travels sealed
    assert "quota withdrawn" not in str(data)


async def test_a_visa_refused_after_departure_is_409_naming_why(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    worker = await upstream.trained_worker()
    await known_worker(api, worker)
    placement = await shortlisted(api, await posted_order(api, await enterprise(api)), worker)
    await walk_to_visa_granted(api, placement)
    assert (await api.post(f"/placements/{placement}/departure", json={})).status_code == 200

    late = await api.post(
        f"/placements/{placement}/visa-refusal",
        json={"refused_on": str(TODAY), "reason": "embassy error"},
    )
    assert late.status_code == 409
    assert detail_and_members(late.json()) == {
        "detail": "placement cannot go from departed to visa_refused: the worker already left "
        "on a granted visa",
        "from_state": "departed",
        "to_state": "visa_refused",
    }
    view = (await api.get(f"/placements/{placement}")).json()
    assert (view["state"], view["holds_position"]) == ("departed", True)


async def test_bad_refusals_name_the_field_and_change_nothing(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    worker = await upstream.trained_worker()
    await known_worker(api, worker)
    placement = await _visa_applied(api, await posted_order(api, await enterprise(api)), worker)
    url = f"/placements/{placement}/visa-refusal"
    cases = [
        ({"reason": "no day"}, "refused_on"),
        ({"refused_on": "2026-02-30", "reason": "no such day"}, "refused_on"),
        ({"refused_on": str(TODAY), "reason": ""}, "reason"),
        ({"refused_on": str(TODAY), "reason": "x" * 501}, "reason"),
        ({"refused_on": str(TODAY + timedelta(days=2)), "reason": "ahead"}, "refused_on"),
        ({"refused_on": str(TODAY - timedelta(days=2)), "reason": "before"}, "refused_on"),
        ({"refused_on": str(TODAY), "reason": "ok", "by": "someone"}, "by"),
    ]
    for body, field in cases:
        response = await api.post(url, json=body)
        assert response.status_code == 422, (body, response.text)
        assert field in response.text, (body, response.text)
    view = (await api.get(f"/placements/{placement}")).json()
    assert (view["state"], view["holds_position"]) == ("visa_applied", True)
    missing = await api.post(
        "/placements/no-such-placement/visa-refusal",
        json={"refused_on": str(TODAY), "reason": "not there"},
    )
    assert missing.status_code == 404


async def test_outside_the_workers_area_404_and_without_the_action_403(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    worker = await upstream.trained_worker()
    await known_worker(api, worker)
    placement = await _visa_applied(api, await posted_order(api, await enterprise(api)), worker)
    body = {"refused_on": str(TODAY), "reason": "employer quota withdrawn"}
    url = f"/placements/{placement}/visa-refusal"
    elsewhere = await api.post(url, json=body, headers=QUANG_NGAI_CENTRE)
    assert elsewhere.status_code == 404
    not_theirs = await api.post(url, json=body, headers=SON_LA_AFTERCARE)
    assert not_theirs.status_code == 403
    view = (await api.get(f"/placements/{placement}")).json()
    assert view["state"] == "visa_applied"
