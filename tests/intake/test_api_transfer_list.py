"""The list of transfers over HTTP on the real broker and store: a commune sees the transfers
into and out of it, a province all of its own, another area nothing; filtered by status and
direction, paged by an opaque cursor, and a bad cursor or limit is a 422 naming it."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx

from shared.auth import Role
from shared.pages import MAX_CURSOR, MAX_LIMIT
from tests.intake.samples import SON_LINH
from tests.intake.support import eventually, intake_app, person
from tests.intake.test_api_transfers import (
    ELSEWHERE,
    OTHER_PROVINCE,
    PROVINCE,
    RECEIVER,
    RECEIVING,
    SENDER,
    transfer,
)
from tests.support.auth import auth_headers
from tests.support.problems import error_locations
from tests.support.services import in_process

PROVINCE_OFFICER = auth_headers(Role.CENTRE_STAFF, "ttdvvl-51", province_code=PROVINCE)
THIRD = {"province_code": PROVINCE, "commune_code": "21028"}


async def listed(api: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> list[str]:
    answer = await api.get("/transfers", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return sorted(item["worker_id"] for item in answer.json()["items"])


async def test_each_area_lists_its_own_incoming_and_outgoing_transfers(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        workers = []
        for n, to in enumerate((RECEIVING, RECEIVING, THIRD)):
            worker_id = (await api.post("/workers", json=person(40 + n))).json()["worker_id"]
            asked = await api.post(f"/workers/{worker_id}/transfers", json=transfer(to))
            assert asked.status_code == 201, asked.text
            workers.append((worker_id, asked.json()["transfer_id"]))
        moving_in = person(43, locality={**RECEIVING})
        incoming = (await api.post("/workers", json=moving_in)).json()["worker_id"]
        to_son_linh = {k: SON_LINH[k] for k in ("province_code", "commune_code")}
        asked = await api.post(f"/workers/{incoming}/transfers", json=transfer(to_son_linh))
        assert asked.status_code == 201, asked.text
        refused_worker, refused_transfer = workers[1]
        refused = await api.post(
            f"/workers/{refused_worker}/transfers/{refused_transfer}/refuse",
            json={"reason": "no room"},
            headers=RECEIVER,
        )
        assert refused.status_code == 200, refused.text

        async def all_heard() -> list[dict[str, Any]] | None:
            items = (await api.get("/transfers", params={"status": "refused"})).json()["items"]
            total = (await api.get("/transfers")).json()["items"]
            return total if items and len(total) == 4 else None

        everything = await eventually(all_heard)
        assert everything, "the list never showed the four transfers"
        assert not any("reason" in item for item in everything)  # reasons stay on the record
        outgoing = sorted(w for w, _ in workers)
        assert await listed(api, SENDER) == sorted([*outgoing, incoming])
        assert await listed(api, SENDER, direction="outgoing") == outgoing
        assert await listed(api, SENDER, direction="incoming") == [incoming]
        assert await listed(api, SENDER, status="refused") == [refused_worker]
        assert await listed(api, RECEIVER, direction="incoming") == sorted(
            [workers[0][0], refused_worker]
        )
        assert await listed(api, RECEIVER, direction="outgoing") == [incoming]
        assert await listed(api, ELSEWHERE) == [workers[2][0]]
        assert await listed(api, PROVINCE_OFFICER) == sorted([*outgoing, incoming])
        assert await listed(api, OTHER_PROVINCE) == []
        assert await listed(api, OTHER_PROVINCE, direction="incoming") == []

        first = (await api.get("/transfers", params={"limit": 3}, headers=SENDER)).json()
        assert len(first["items"]) == 3
        assert first["next_cursor"]
        rest = (
            await api.get(
                "/transfers", params={"limit": 3, "cursor": first["next_cursor"]}, headers=SENDER
            )
        ).json()
        assert rest["next_cursor"] is None
        paged = [i["transfer_id"] for i in first["items"] + rest["items"]]
        assert len(set(paged)) == 4
        requested = [i["requested_at"] for i in first["items"] + rest["items"]]
        assert requested == sorted(requested, reverse=True)


FORGED = base64.urlsafe_b64encode(json.dumps([["x"], {"$gt": ""}]).encode()).decode()


BAD: list[tuple[dict[str, Any], str]] = [
    ({"cursor": "not-a-cursor"}, "cursor"),
    ({"cursor": FORGED}, "cursor"),
    ({"cursor": "x" * (MAX_CURSOR + 1)}, "cursor"),
    ({"limit": 0}, "limit"),
    ({"limit": MAX_LIMIT + 1}, "limit"),
    ({"direction": "sideways"}, "direction"),
    ({"status": "lost"}, "status"),
]


async def test_a_bad_cursor_limit_or_filter_is_a_422_naming_it(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        for params, field in BAD:
            answer = await api.get("/transfers", params=params, headers=SENDER)
            assert answer.status_code == 422, (params, answer.text)
            assert any(field in loc for loc in error_locations(answer.json())), answer.text
