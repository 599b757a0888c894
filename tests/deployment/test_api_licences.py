"""Licence rules over HTTP: only an active, unexpired licence posts orders or sends workers."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.deployment.stack import (
    TODAY,
    Upstream,
    deployment_events,
    enterprise,
    job_order,
    known_worker,
    of_type,
    of_types,
    posted_order,
    shortlisted,
    walk_to_visa_granted,
)
from tests.support.problems import detail_and_members, error_text


async def test_a_registered_sender_may_post_and_its_licence_change_is_published(
    api: httpx.AsyncClient, kafka_bootstrap: str, unique: str
) -> None:
    response = await api.post(
        "/enterprises",
        json={
            "name": "Centre of Overseas Labour (EPS)",
            "kind": "state_programme",
            "licence": {
                "number": "EPS-MOU-2024",
                "issuing_authority": "Ministry of Home Affairs",
                "valid_from": (TODAY - timedelta(days=10)).isoformat(),
                "valid_until": (TODAY + timedelta(days=700)).isoformat(),
            },
        },
        headers={"Idempotency-Key": f"eps-{unique}"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "state_programme"
    assert body["licence"]["status"] == "active"
    assert (body["may_post_orders"], body["may_send_workers"]) == (True, True)
    assert body["licence_problem"] is None
    sender = body["enterprise_id"]

    events = await deployment_events(kafka_bootstrap, unique, of_type("enterprise.licence-changed"))
    [(_, key, data)] = [e for e in events if e[0] == "enterprise.licence-changed"]
    assert key == sender
    assert (data["change"], data["status"], data["licence_number"]) == (
        "granted",
        "active",
        "EPS-MOU-2024",
    )


async def test_an_expired_or_not_yet_valid_licence_may_not_post(api: httpx.AsyncClient) -> None:
    expired = await enterprise(
        api,
        valid_from=(TODAY - timedelta(days=800)).isoformat(),
        valid_until=(TODAY - timedelta(days=1)).isoformat(),
    )
    view = (await api.get(f"/enterprises/{expired}")).json()
    assert view["may_post_orders"] is False
    assert f"expired on {TODAY - timedelta(days=1)}" in view["licence_problem"]
    response = await api.post("/job-orders", json=job_order(expired))
    assert response.status_code == 409
    assert "expired on" in error_text(response.json())
    assert response.json()["enterprise_id"] == expired

    future = await enterprise(
        api,
        valid_from=(TODAY + timedelta(days=5)).isoformat(),
        valid_until=(TODAY + timedelta(days=500)).isoformat(),
    )
    response = await api.post("/job-orders", json=job_order(future))
    assert response.status_code == 409
    assert "not valid until" in error_text(response.json())


async def test_a_suspension_during_a_placement_blocks_departure_until_reinstated(
    api: httpx.AsyncClient, upstream: Upstream, kafka_bootstrap: str, unique: str
) -> None:
    worker = await upstream.trained_worker()
    await known_worker(api, worker)
    sender = await enterprise(api)
    order = await posted_order(api, sender)
    placement = await shortlisted(api, order, worker)
    await walk_to_visa_granted(api, placement)

    suspended = await api.post(
        f"/enterprises/{sender}/licence/suspension", json={"reason": "deposit not paid"}
    )
    assert suspended.status_code == 200, suspended.text
    assert suspended.json()["licence"]["status"] == "suspended"
    assert suspended.json()["may_send_workers"] is False

    reason = f"enterprise licence 123/LĐTBXH-GP suspended since {TODAY}: deposit not paid"
    view = (await api.get(f"/placements/{placement}")).json()
    assert view["state"] == "visa_granted"
    assert view["blocked_reason"] == reason
    listed = (await api.get(f"/job-orders/{order}/placements")).json()["items"]
    assert [p["blocked_reason"] for p in listed] == [reason]

    refused = await api.post(f"/placements/{placement}/departure", json={})
    assert refused.status_code == 409
    assert detail_and_members(refused.json()) == {
        "detail": f"placement is blocked: {reason}",
        "placement_id": placement,
        "blocked_reason": reason,
    }
    assert (await api.post("/job-orders", json=job_order(sender))).status_code == 409
    again = await api.post(f"/enterprises/{sender}/licence/suspension", json={"reason": "twice"})
    assert again.status_code == 409
    assert again.json()["from_state"] == "suspended"

    reinstated = await api.post(f"/enterprises/{sender}/licence/reinstatement")
    assert reinstated.status_code == 200
    assert (await api.get(f"/placements/{placement}")).json()["blocked_reason"] is None
    departed = await api.post(f"/placements/{placement}/departure", json={})
    assert departed.status_code == 200, departed.text
    assert departed.json()["state"] == "departed"

    events = await deployment_events(
        kafka_bootstrap,
        unique,
        of_types({"worker.departed": 1, "enterprise.licence-changed": 3}),
    )
    changes = [d["change"] for t, k, d in events if k == sender]
    assert changes == ["granted", "suspended", "reinstated"]


async def test_a_revoked_licence_is_final_and_a_renewal_replaces_the_terms(
    api: httpx.AsyncClient,
) -> None:
    sender = await enterprise(api)
    renewed = await api.put(
        f"/enterprises/{sender}/licence",
        json={
            "number": "456/LĐTBXH-GP",
            "issuing_authority": "Ministry of Home Affairs",
            "valid_from": TODAY.isoformat(),
            "valid_until": (TODAY + timedelta(days=5 * 365)).isoformat(),
        },
    )
    assert renewed.status_code == 200
    assert renewed.json()["licence"]["number"] == "456/LĐTBXH-GP"
    revoked = await api.post(f"/enterprises/{sender}/licence/revocation", json={"reason": "fraud"})
    assert revoked.json()["licence"]["status"] == "revoked"
    assert [h["change"] for h in revoked.json()["history"]] == ["granted", "renewed", "revoked"]
    refused = await api.post(f"/enterprises/{sender}/licence/reinstatement")
    assert refused.status_code == 409
    assert error_text(refused.json()) == "licence cannot go from revoked to active"
    assert (await api.get("/enterprises/nobody")).status_code == 404
