"""A worker abroad changes employer over HTTP: new employer and contract on the placement, the
event out, the licence checked; wrong states, bad bodies, other areas and a death refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.auth import Role
from shared.contracts.aftercare import (
    FamilySupport,
    RepatriationArrangement,
    RepatriationPlan,
    WorkerDiedAbroad,
)
from shared.events.topics import Topic
from tests.deployment.stack import (
    TODAY,
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
from tests.support.auth import auth_headers
from tests.support.problems import detail_and_members, error_locations, error_text

QUANG_NGAI_CENTRE = auth_headers(Role.CENTRE_STAFF, "centre-quang-ngai", province_code="51")
SON_LA_AFTERCARE = auth_headers(Role.AFTERCARE_OFFICER, "aftercare-son-la", province_code="14")
SON_LA_CENTRE = auth_headers(Role.CENTRE_STAFF, "centre-son-la", province_code="14")


def new_employer(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "employer": "Gifu Seimitsu K.K.",
        "sector": "mechanics",
        "salary": {"amount": 200000, "currency": "JPY", "vnd_equivalent": 34_000_000},
        "changed_on": TODAY.isoformat(),
        "contract_end": (TODAY + timedelta(days=700)).isoformat(),
        "reason": "the first employer's factory closed",
    }
    body.update(overrides)
    return body


async def departed(api: httpx.AsyncClient, upstream: Upstream) -> tuple[str, str, str]:
    """A worker sent abroad through a new sender; returns (worker, sender, placement)."""
    worker = await upstream.trained_worker()
    await known_worker(api, worker)
    sender = await enterprise(api)
    placement = await shortlisted(api, await posted_order(api, sender), worker)
    await walk_to_visa_granted(api, placement)
    left = await api.post(f"/placements/{placement}/departure", json={})
    assert left.status_code == 200, left.text
    return worker, sender, placement


async def test_a_worker_abroad_moves_to_another_employer(
    api: httpx.AsyncClient, upstream: Upstream, kafka_bootstrap: str, unique: str
) -> None:
    worker, sender, placement = await departed(api, upstream)
    signed_end = (await api.get(f"/placements/{placement}")).json()["contract_end"]

    changed = await api.post(
        f"/placements/{placement}/employer-change", json=new_employer(), headers=SON_LA_CENTRE
    )
    assert changed.status_code == 200, changed.text
    view = changed.json()
    assert (view["state"], view["employer"], view["sector"]) == (
        "departed",
        "Gifu Seimitsu K.K.",
        "mechanics",
    )
    [change] = view["employer_changes"]
    assert change["previous_employer"] == "Shizuoka Denshi K.K."
    assert (change["previous_end"], change["by"]) == (signed_end, "centre-son-la")
    assert view["history"][-1]["state"] == "departed"  # no new state: the same placement

    events = await deployment_events(kafka_bootstrap, unique, of_type("worker.employer-changed"))
    [(_, key, data)] = [e for e in events if e[0] == "worker.employer-changed"]
    assert key == worker
    assert (data["enterprise_id"], data["placement_id"]) == (sender, placement)
    assert (data["previous_employer"], data["employer"]) == (
        "Shizuoka Denshi K.K.",
        "Gifu Seimitsu K.K.",
    )
    assert data["salary"] == {
        "monthly_salary": 200000.0,
        "salary_currency": "JPY",
        "monthly_salary_vnd": 34_000_000,
    }
    assert (data["previous_end"], data["contract_end"]) == (
        signed_end,
        (TODAY + timedelta(days=700)).isoformat(),
    )

    async def end_in_force() -> str | None:
        body = (await api.get(f"/placements/{placement}")).json()
        return body["contract_end"] if body["contract_end"] != signed_end else None

    assert await eventually(end_in_force) == (TODAY + timedelta(days=700)).isoformat()
    same = await api.post(
        f"/placements/{placement}/employer-change",
        json=new_employer(employer="gifu seimitsu k.k."),
    )
    assert same.status_code == 422
    assert error_locations(same.json())[0] == ("body", "employer")


async def test_the_licence_register_and_the_placements_state_decide(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    worker, sender, placement = await departed(api, upstream)
    suspended = await api.post(
        f"/enterprises/{sender}/licence/suspension", json={"reason": "deposit not paid"}
    )
    assert suspended.status_code == 200, suspended.text
    refused = await api.post(f"/placements/{placement}/employer-change", json=new_employer())
    assert refused.status_code == 409
    assert error_text(refused.json()).startswith("enterprise licence")
    assert "suspended" in error_text(refused.json())
    assert refused.json()["enterprise_id"] == sender
    assert (await api.post(f"/enterprises/{sender}/licence/reinstatement")).status_code == 200

    other = await upstream.trained_worker()
    await known_worker(api, other)
    waiting = await shortlisted(api, await posted_order(api, sender), other)
    early = await api.post(f"/placements/{waiting}/employer-change", json=new_employer())
    assert early.status_code == 409
    assert detail_and_members(early.json()) == {
        "detail": "only a worker who departed can change employer abroad",
        "state": "shortlisted",
    }

    died = WorkerDiedAbroad(
        worker_id=worker,
        placement_id=placement,
        died_on=TODAY,
        repatriation=RepatriationPlan(arrangement=RepatriationArrangement.ASHES),
        family_support=[FamilySupport.INSURANCE_CLAIM],
        recorded_by="aftercare-son-la",
        recorded_at=datetime.now(UTC),
    )
    await upstream.publish(Topic.AFTERCARE, "aftercare", died)

    async def known_dead() -> Any:
        body = (await api.get(f"/workers/{worker}")).json()
        return body if body["died_on"] == TODAY.isoformat() else None

    candidate = await eventually(known_dead)
    assert candidate["abroad"] is False
    after = await api.post(f"/placements/{placement}/employer-change", json=new_employer())
    assert after.status_code == 409
    assert error_text(after.json()) == "the worker died abroad"
    view = (await api.get(f"/placements/{placement}")).json()
    assert (view["employer"], view["employer_changes"]) == ("Shizuoka Denshi K.K.", [])


async def test_bad_terms_name_the_field_and_other_areas_are_refused(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    _, _, placement = await departed(api, upstream)
    url = f"/placements/{placement}/employer-change"
    cases: list[tuple[dict[str, Any], list[str]]] = [
        (new_employer(employer="X"), ["body", "employer"]),
        (new_employer(sector="mining"), ["body", "sector"]),
        (
            new_employer(salary={"amount": 0, "currency": "JPY", "vnd_equivalent": 1}),
            ["body", "salary", "amount"],
        ),
        (
            new_employer(salary={"amount": 1e13, "currency": "JPY", "vnd_equivalent": 1}),
            ["body", "salary", "amount"],
        ),
        (new_employer(changed_on=str(TODAY + timedelta(days=1))), ["body", "changed_on"]),
        (new_employer(changed_on=str(TODAY - timedelta(days=30))), ["body", "changed_on"]),
        (new_employer(contract_end=str(TODAY)), ["body", "contract_end"]),
        (
            new_employer(contract_end=str(TODAY + timedelta(days=365 * 7))),
            ["body", "contract_end"],
        ),
        (new_employer(reason=""), ["body", "reason"]),
        (new_employer(recorded_by="someone"), ["body", "recorded_by"]),
    ]
    for body, loc in cases:
        response = await api.post(url, json=body)
        assert response.status_code == 422, (body, response.text)
        assert loc in [list(loc) for loc in error_locations(response.json())], (body, response.text)

    elsewhere = await api.post(url, json=new_employer(), headers=QUANG_NGAI_CENTRE)
    assert elsewhere.status_code == 404
    not_theirs = await api.post(url, json=new_employer(), headers=SON_LA_AFTERCARE)
    assert not_theirs.status_code == 403
    view = (await api.get(f"/placements/{placement}")).json()
    assert view["employer_changes"] == []
