"""The audit trail also holds refusals, name searches and reads of incidents, notes and timelines;
its client address believes ``X-Forwarded-For`` only from a trusted proxy.

Intake and aftercare run in-process on the real broker and store.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from starlette.requests import Request

from shared.auth import Role
from shared.auth.client_address import client_address, trusted_networks
from tests.aftercare.support import Publisher, case_when, running_aftercare, send_abroad, utc_now
from tests.intake.samples import SIN_THAU, SON_LINH
from tests.intake.support import person
from tests.support.auth import auth_headers
from tests.support.services import in_process, service_app, settings_env

OFFICER = auth_headers(
    Role.COMMUNE_OFFICER,
    "officer-son-linh",
    province_code="51",
    commune_code="21307",
    name="Hà Thị Lan",
)
AUDITOR = auth_headers(Role.AUDITOR, "auditor-1")


def _intake(unique: str, kafka: str, mongo: str, **auth: str) -> Any:
    env = settings_env("intake", unique, kafka, mongo)
    env.update({f"AUTH_{name.upper()}": value for name, value in auth.items()})
    return service_app("intake", env)


async def _trail(api: Any, **params: str) -> list[dict[str, Any]]:
    answer = await api.get("/audit", params={"limit": 500, **params}, headers=AUDITOR)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def test_refused_requests_and_name_searches_are_audited(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(_intake(unique, kafka_bootstrap, mongodb_url)) as api:
        theirs = (await api.post("/workers", json=person(1, locality=dict(SIN_THAU)))).json()
        mine = (await api.post("/workers", json=person(2, locality=dict(SON_LINH)))).json()

        assert (await api.get("/workers", headers={"Authorization": ""})).status_code == 401
        forged = {"Authorization": "Bearer not.a.token"}
        assert (await api.get(f"/workers/{theirs['worker_id']}", headers=forged)).status_code == 401
        assert (await api.get("/audit", headers=OFFICER)).status_code == 403
        hidden = await api.get(f"/workers/{theirs['worker_id']}", headers=OFFICER)
        assert hidden.status_code == 404

        found = await api.get("/workers", params={"name": "dinh thi"}, headers=OFFICER)
        assert found.status_code == 200
        listed = await api.get("/workers", params={"province_code": "51"}, headers=OFFICER)
        assert listed.status_code == 200
        assert (await api.get(f"/workers/{mine['worker_id']}", headers=OFFICER)).status_code == 200

        entries = await _trail(api)
        refused = [e for e in entries if e["refused"]]
        assert sorted((e["status"], e["subject"], e["route"]) for e in refused) == [
            (401, None, "/workers"),
            (401, None, "/workers/{worker_id}"),
            (403, "officer-son-linh", "/audit"),
            (404, "officer-son-linh", "/workers/{worker_id}"),
        ]
        out_of_scope = next(e for e in refused if e["status"] == 404)
        assert out_of_scope["worker_id"] == theirs["worker_id"]
        assert out_of_scope["action"] == "worker.read"
        assert out_of_scope["role"] == "commune_officer"

        searches = [e for e in entries if (e["method"], e["route"]) == ("GET", "/workers")]
        searches = [e for e in searches if not e["refused"]]
        assert [(e["subject"], e["name"], e["search"]) for e in searches] == [
            ("officer-son-linh", "Hà Thị Lan", {"name": "dinh thi"})  # a plain list: not audited
        ]
        assert all(theirs["national_id_masked"] not in str(e) for e in entries)


async def test_reads_of_timelines_check_ins_and_incidents_are_audited(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-1", now - 300 * timedelta(days=1), now.date())
        await case_when(api, "w-1", lambda c: c["summary"]["stage"] == "abroad")
        reported = await api.post(
            "/workers/w-1/incidents",
            json={
                "category": "unpaid_wages",
                "severity": "low",
                "description": "Three months of wages unpaid since the factory changed owners.",
            },
        )
        assert reported.status_code == 201, reported.text
        reference = reported.json()["incident_id"]
        reads = [
            "/workers/w-1/case",
            "/workers/w-1/timeline",
            "/workers/w-1/check-ins",
            "/workers/w-1/incidents",
            f"/incidents/{reference}",
        ]
        for path in reads:
            assert (await api.get(path)).status_code == 200, path
        entries = await _trail(api, worker_id="w-1")
        audited = {e["path"] for e in entries if e["method"] == "GET"}
        assert audited >= set(reads) - {f"/incidents/{reference}"}
        incident_reads = await _trail(api, subject="homeward-tests")
        assert f"/incidents/{reference}" in {e["path"] for e in incident_reads}


async def test_the_client_address_comes_from_a_trusted_proxy_only(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    forwarded = {**OFFICER, "X-Forwarded-For": "203.0.113.9, 198.51.100.7"}
    untrusted = _intake(unique, kafka_bootstrap, mongodb_url)
    async with in_process(untrusted) as api:
        mine = (await api.post("/workers", json=person(1, locality=dict(SON_LINH)))).json()
        await api.get(f"/workers/{mine['worker_id']}", headers=forwarded)
        [read] = [e for e in await _trail(api) if e["method"] == "GET" and e["route"] != "/audit"]
        assert read["client"] == "127.0.0.1"  # the direct peer: the header is anyone's to write
    trusting = _intake(
        f"{unique}b", kafka_bootstrap, mongodb_url, trusted_proxies='["127.0.0.0/8"]'
    )
    async with in_process(trusting) as api:
        mine = (await api.post("/workers", json=person(1, locality=dict(SON_LINH)))).json()
        await api.get(f"/workers/{mine['worker_id']}", headers=forwarded)
        [read] = [e for e in await _trail(api) if e["method"] == "GET" and e["route"] != "/audit"]
        assert read["client"] == "198.51.100.7"  # the hop the trusted proxy added


def _request(peer: str, *forwarded: str) -> Request:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    return Request({"type": "http", "headers": headers, "client": (peer, 1234)})


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("192.0.2.1", ("203.0.113.9",), "192.0.2.1"),  # peer not a proxy: header ignored
        ("10.0.0.5", ("203.0.113.9",), "203.0.113.9"),
        ("10.0.0.5", ("1.1.1.1, 203.0.113.9",), "203.0.113.9"),  # the left end is forgeable
        ("10.0.0.5", ("203.0.113.9, 10.0.0.9",), "203.0.113.9"),  # proxies chained
        ("10.0.0.5", ("203.0.113.9", "10.0.0.9"), "203.0.113.9"),  # the header twice
        ("10.0.0.5", ("not-an-address",), "10.0.0.5"),
        ("10.0.0.5", (), "10.0.0.5"),
        ("10.0.0.5", ("10.0.0.7, 10.0.0.9",), "10.0.0.7"),  # only proxies: the first
    ],
)
def test_client_address(peer: str, forwarded: tuple[str, ...], expected: str) -> None:
    assert client_address(_request(peer, *forwarded), trusted_networks(["10.0.0.0/8"])) == expected


async def test_an_id_holding_a_nul_is_audited_and_fails_no_other_request(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    """A store on PostgreSQL refuses a NUL in any string by failing the whole insert: the
    entry of a refused request naming ``%00`` shared its batch with other requests' entries."""
    async with in_process(_intake(unique, kafka_bootstrap, mongodb_url)) as api:
        mine = (await api.post("/workers", json=person(2, locality=dict(SON_LINH)))).json()
        answers = await asyncio.gather(
            api.get("/workers/%00", headers=AUDITOR),
            api.get("/workers/a%00b/revisions", headers=AUDITOR),
            *(api.get(f"/workers/{mine['worker_id']}", headers=OFFICER) for _ in range(5)),
        )
        assert [a.status_code for a in answers] == [403, 403, *[200] * 5]
        entries = await _trail(api)
        refused = sorted(e["path"] for e in entries if e["refused"] and e["status"] == 403)
        assert refused == ["/workers/a\ufffdb/revisions", "/workers/\ufffd"]
