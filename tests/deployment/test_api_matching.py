"""Matching over HTTP: built from intake's and training's events, ranked, with reasons."""

from __future__ import annotations

from datetime import date

import httpx

from shared.contracts.common import Gender, Market, Sector
from tests.deployment.stack import Upstream, enterprise, known_worker, posted_order


def reasons_of(match: dict) -> dict[str, tuple[bool, str]]:
    return {r["requirement"]: (r["met"], r["detail"]) for r in match["reasons"]}


async def test_an_order_lists_the_fitting_workers_ranked_with_a_reason_per_requirement(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    strong = await upstream.trained_worker(level="JLPT-N2", certificates=("welding",))
    fitting = await upstream.trained_worker(level="JLPT-N4", certificates=("welding",))
    weak = await upstream.trained_worker(level="JLPT-N5", certificates=("welding",))
    no_cert = await upstream.trained_worker(level="JLPT-N3")
    too_old = await upstream.trained_worker(
        level="JLPT-N3", certificates=("welding",), born=date(1980, 1, 1)
    )
    korea = await upstream.trained_worker(market=Market.KOREA, level="EPS-TOPIK")
    for worker in (strong, fitting, weak, no_cert, too_old):
        await known_worker(api, worker)
    await known_worker(api, korea, market="KR")
    sender = await enterprise(api)
    order = await posted_order(
        api,
        sender,
        requirements={
            "language_level": "JLPT-N4",
            "min_age": 18,
            "max_age": 35,
            "certificates": ["Welding"],
        },
    )

    response = await api.get(f"/job-orders/{order}/matches")
    assert response.status_code == 200
    matches = response.json()["matches"]
    assert [m["worker_id"] for m in matches] == [strong, fitting]
    assert [m["rank"] for m in matches] == [1, 2]
    best = reasons_of(matches[0])
    assert best["language_level"] == (True, "JLPT-N2 meets JLPT-N4")
    assert best["certificate:welding"] == (True, "holds a welding certificate")
    assert best["trained_for_market"][0] is True
    assert best["age"][0] is True
    assert matches[0]["full_name"] == "Đinh Thị Linh"
    assert "0912345678" not in response.text  # intake's phone never reaches deployment's API

    everyone = (await api.get(f"/job-orders/{order}/matches?include_unfit=true")).json()
    by_worker = {m["worker_id"]: m for m in everyone["matches"]}
    assert korea not in by_worker  # not trained for Japan: not a candidate for this order
    assert [m["worker_id"] for m in everyone["matches"][:2]] == [strong, fitting]
    assert reasons_of(by_worker[weak])["language_level"] == (False, "JLPT-N5 is below JLPT-N4")
    assert reasons_of(by_worker[no_cert])["certificate:welding"] == (
        False,
        "no welding certificate",
    )
    assert reasons_of(by_worker[too_old])["age"][0] is False
    assert "above the maximum 35" in reasons_of(by_worker[too_old])["age"][1]
    assert all(not by_worker[w]["fits"] for w in (weak, no_cert, too_old))


async def test_a_worker_sees_the_open_orders_they_fit_best_first(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    worker = await upstream.trained_worker(
        level="JLPT-N4", gender=Gender.MALE, sectors=(Sector.CONSTRUCTION,)
    )
    await known_worker(api, worker)
    sender = await enterprise(api)
    construction = await posted_order(api, sender, sector="construction")
    better_paid = await posted_order(
        api,
        sender,
        salary={"amount": 250000, "currency": "JPY", "vnd_equivalent": 42_500_000},
    )
    women_only = await posted_order(
        api, sender, requirements={"gender": "female", "language_level": "JLPT-N5"}
    )
    closed = await posted_order(api, sender)
    await api.post(f"/job-orders/{closed}/closure", json={"reason": "withdrawn"})

    response = await api.get(f"/workers/{worker}/matches")
    assert response.status_code == 200
    ranked = [m["job_order_id"] for m in response.json()["matches"]]
    assert ranked == [construction, better_paid]  # the wanted sector before the higher pay

    everything = (await api.get(f"/workers/{worker}/matches?include_unfit=true")).json()
    unmet = {
        m["job_order_id"]: [
            r["requirement"] for r in m["reasons"] if r["required"] and not r["met"]
        ]
        for m in everything["matches"]
    }
    assert closed not in unmet  # only open orders are offered
    assert unmet[women_only] == ["gender"]
    assert (await api.get("/workers/nobody/matches")).status_code == 404
