"""Bad input gets 422 naming the field, and nothing is written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from tests.deployment.stack import (
    TODAY,
    Upstream,
    enterprise,
    job_order,
    known_worker,
    licence,
    posted_order,
    shortlisted,
)
from tests.support.problems import error_locations


@pytest.mark.parametrize(
    ("overrides", "loc"),
    [
        ({"contract_term_months": 73}, ["body", "contract_term_months"]),
        ({"contract_term_months": 0}, ["body", "contract_term_months"]),
        ({"positions": 0}, ["body", "positions"]),
        ({"country": "FR"}, ["body", "country"]),
        ({"salary": {"amount": 1500, "currency": "usd", "vnd_equivalent": 1}}, None),
        (
            {"requirements": {"min_age": 30, "max_age": 25}},
            ["body", "requirements", "max_age"],
        ),
        (
            {"requirements": {"language_level": "fluent"}},
            ["body", "requirements", "language_level"],
        ),
        ({"deadline": (TODAY - timedelta(days=1)).isoformat()}, ["body", "deadline"]),
        ({"enterprise_id": "no-such-sender"}, ["body", "enterprise_id"]),
        ({"headcount": 3}, ["body", "headcount"]),
    ],
)
async def test_a_bad_job_order_gets_422_naming_the_field_and_is_not_written(
    api: httpx.AsyncClient,
    store_client: AsyncMongoClient[dict],
    unique: str,
    overrides: dict[str, Any],
    loc: list[str] | None,
) -> None:
    sender = await enterprise(api)
    body = {**job_order(sender), **overrides}
    response = await api.post("/job-orders", json=body)
    assert response.status_code == 422, response.text
    locations = [list(loc) for loc in error_locations(response.json())]
    assert locations == [loc or ["body", "salary", "currency"]]
    assert await store_client[f"{unique}_deployment"]["job_orders"].count_documents({}) == 0


async def test_bad_licence_and_contract_dates_are_named(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    bad = await api.post(
        "/enterprises",
        json={
            "name": "TTC Manpower JSC",
            "licence": licence(valid_until=(TODAY - timedelta(days=400)).isoformat()),
        },
    )
    assert bad.status_code == 422
    assert [list(loc) for loc in error_locations(bad.json())] == [
        ["body", "licence", "valid_until"]
    ]

    worker = await upstream.trained_worker()
    await known_worker(api, worker)
    placement = await shortlisted(api, await posted_order(api, await enterprise(api)), worker)
    assert (await api.post(f"/placements/{placement}/selection")).status_code == 200
    start = TODAY + timedelta(days=30)
    response = await api.post(
        f"/placements/{placement}/contract",
        json={
            "signed_on": (TODAY + timedelta(days=1)).isoformat(),
            "contract_start": start.isoformat(),
            "contract_end": (start - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert [list(loc) for loc in error_locations(response.json())] == [
        ["body", "signed_on"],
        ["body", "contract_end"],
    ]
    missing = await api.post(f"/placements/{placement}/contract", json={"signed_on": "soon"})
    assert set(error_locations(missing.json())) == {
        ("body", "signed_on"),
        ("body", "contract_start"),
    }
    view = (await api.get(f"/placements/{placement}")).json()
    assert view["state"] == "selected"  # nothing half-written
    naive = await api.post(
        f"/placements/{placement}/departure", json={"departed_at": "2026-01-01T08:00:00"}
    )
    assert naive.status_code == 422
    assert error_locations(naive.json())[0] == ("body", "departed_at")
    assert (await api.post("/placements/nothing-here/selection")).status_code == 404


async def test_a_contract_whose_end_would_pass_the_calendar_is_a_422_on_its_start(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    """A start in year 9999 has no end date months later: refused, not a 500."""
    worker = await upstream.trained_worker()
    await known_worker(api, worker)
    placement = await shortlisted(api, await posted_order(api, await enterprise(api)), worker)
    assert (await api.post(f"/placements/{placement}/selection")).status_code == 200
    start = {"signed_on": TODAY.isoformat(), "contract_start": "9999-12-01"}
    for body in (start, {**start, "contract_end": "9999-12-31"}):
        response = await api.post(f"/placements/{placement}/contract", json=body)
        assert response.status_code == 422, (body, response.text)
        assert error_locations(response.json())[0] == ("body", "contract_start")
