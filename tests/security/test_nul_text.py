"""U+0000 in any string of a request, in each of the five services: a 422 naming the field,
before anything is written, whichever store runs under the service.

MongoDB stores the character; PostgreSQL under FerretDB refuses it, in a write or a query, and
used to answer for the API (a 500, or a 422 naming only "body"). Each attack here is checked
against the store: every collection holds what it held before, except the audit trail.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st
from pymongo import AsyncMongoClient
from starlette.requests import Request

from shared.auth import Role
from shared.http import nul_errors
from tests.aftercare.support import Publisher, case_when, running_aftercare, send_abroad, utc_now
from tests.deployment.stack import licence
from tests.intake.support import intake_app, person
from tests.support.auth import auth_headers
from tests.support.problems import field_errors
from tests.support.services import in_process, service_app, settings_env
from tests.training.support import provider_body, training_app

NUL = "\u0000"
OFFICER = auth_headers(
    Role.COMMUNE_OFFICER, "officer-son-linh", province_code="51", commune_code="21307"
)
AUDITOR = auth_headers(Role.AUDITOR, "auditor-1")
AUDIT = {"audit", "access_grants"}
KEY = ("header", "Idempotency-Key")
CORRELATION = ("header", "X-Correlation-Id")
DAY = timedelta(days=1)


def refused(response: httpx.Response, *loc: str | int) -> None:
    """Asserts a 422 naming ``loc`` as text holding U+0000, and echoing nothing of it."""
    assert response.status_code == 422, response.text
    detail = field_errors(response.json())
    assert {"loc": list(loc), "msg": detail[0]["msg"], "type": "string_nul"} in detail, detail
    assert "U+0000" in detail[0]["msg"]
    assert NUL not in response.text
    assert "\\u0000" not in response.text


async def counts(client: AsyncMongoClient[dict[str, Any]], database: str) -> dict[str, int]:
    """How many documents each of the database's collections holds, the audit trail aside."""
    db = client[database]
    names = sorted(set(await db.list_collection_names()) - AUDIT)
    return {name: await db[name].count_documents({}) for name in names}


async def test_intake_refuses_nul_in_body_query_path_header_and_form(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    database = f"{unique}_intake"
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        before = await counts(store_client, database)

        nested = person(1)
        nested["family_contact"] = {**nested["family_contact"], "name": f"Lò Thị{NUL}Hoa"}
        refused(await api.post("/workers", json=nested), "body", "family_contact", "name")
        keyed = {**person(2), f"note{NUL}": "x"}
        refused(await api.post("/workers", json=keyed), "body", "note\ufffd")
        key = {"Idempotency-Key": f"register-{NUL}-0001"}
        refused(
            await api.post("/workers", json=person(3), headers=key), "header", "Idempotency-Key"
        )
        correlation = {"X-Correlation-ID": f"abc{NUL}def"}
        refused(await api.post("/workers", json=person(4), headers=correlation), *CORRELATION)

        refused(await api.get("/workers", params={"name": f"lo{NUL}thi"}), "query", "name")
        refused(await api.get("/workers?name=lo%00thi", headers=OFFICER), "query", "name")
        refused(await api.get("/workers", params={f"na{NUL}me": "x"}), "query", "na\ufffdme")
        # A commune officer's read looks the record up to check its commune: not with this id.
        refused(await api.get("/workers/w%00x", headers=OFFICER), "path", "worker_id")
        refused(
            await api.patch("/workers/w%00x", json={"phone": "0912345678"}), "path", "worker_id"
        )

        boundary = "nulboundary"
        form = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="list{NUL}.csv"\r\nContent-Type: text/csv\r\n\r\nfull_name\r\nA\r\n'
            f"--{boundary}--\r\n"
        ).encode()
        upload = await api.post(
            "/imports",
            content=form,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        refused(upload, "body", "file")

        assert await counts(store_client, database) == before
        assert (await api.get("/workers")).json()["items"] == []
        # The refused writes are in the audit trail, with their caller, as every write is.
        trail = (await api.get("/audit", params={"limit": 100}, headers=AUDITOR)).json()["items"]
        writes = [(e["method"], e["route"], e["status"]) for e in trail if e["method"] != "GET"]
        assert writes.count(("POST", "/workers", 422)) == 4
        assert ("POST", "/imports", 422) in writes
        assert ("PATCH", "/workers/{worker_id}", 422) in writes
        assert all(NUL not in str(e) for e in trail)


async def test_training_refuses_nul_in_a_provider(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    database = f"{unique}_training"
    async with in_process(training_app(unique, kafka_bootstrap, mongodb_url)) as api:
        before = await counts(store_client, database)
        refused(
            await api.post("/providers", json=provider_body(name=f"Trung tâm{NUL}Sơn La")),
            "body",
            "name",
        )
        kinds = provider_body(kinds=["language", f"vocational{NUL}"])
        refused(await api.post("/providers", json=kinds), "body", "kinds", 1)
        key = {"Idempotency-Key": f"provider{NUL}0001"}
        refused(await api.post("/providers", json=provider_body(), headers=key), *KEY)
        refused(
            await api.get("/courses", params={"provider_id": f"p{NUL}"}), "query", "provider_id"
        )
        refused(await api.get("/courses/c%00"), "path", "course_id")

        assert await counts(store_client, database) == before
        assert (await api.get("/providers")).json()["items"] == []
        # The key was never claimed: the same key with a clean body creates the provider.
        clean = {"Idempotency-Key": "provider-0001"}
        assert (
            await api.post("/providers", json=provider_body(), headers=clean)
        ).status_code == 201


async def test_deployment_refuses_nul_in_an_enterprise(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    database = f"{unique}_deployment"
    env = settings_env("deployment", unique, kafka_bootstrap, mongodb_url)
    async with in_process(service_app("deployment", env)) as api:
        before = await counts(store_client, database)
        key = {"Idempotency-Key": "enterprise-0001"}
        body = {"name": "TTC Manpower JSC", "licence": licence(number=f"123/{NUL}GP")}
        refused(await api.post("/enterprises", json=body, headers=key), "body", "licence", "number")
        refused(await api.get("/enterprises/e%00"), "path", "enterprise_id")
        refused(await api.get("/job-orders", params={"country": f"JP{NUL}"}), "query", "country")
        assert await counts(store_client, database) == before

        # The key was never claimed: with a clean body it creates the one enterprise.
        clean = {"name": "TTC Manpower JSC", "licence": licence()}
        created = await api.post("/enterprises", json=clean, headers=key)
        assert created.status_code == 201, created.text
        enterprises = store_client[database]["enterprises"]
        assert [e["name"] async for e in enterprises.find({})] == ["TTC Manpower JSC"]


async def test_aftercare_refuses_nul_in_a_check_in(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    now = utc_now()
    check_in = {
        "contact": "family",
        "channel": "zalo",
        "wellbeing": "concerns",
        "contacted_at": now.isoformat(),
        "notes": f"Mother says{NUL} the dormitory is cold.",
    }
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-1", now - 100 * DAY, (now + 600 * DAY).date())
        case = await case_when(api, "w-1", lambda c: c["summary"]["stage"] == "abroad")
        before = await counts(store_client, f"{unique}_aftercare")

        refused(await api.post("/workers/w-1/check-ins", json=check_in), "body", "notes")
        clean = {**check_in, "notes": "Fine."}
        refused(await api.post("/workers/w-1%00/check-ins", json=clean), "path", "worker_id")
        key = {"Idempotency-Key": f"check-in-{NUL}-0001"}
        refused(await api.post("/workers/w-1/check-ins", json=clean, headers=key), *KEY)
        refused(
            await api.get("/cases/without-contact", params={"max_days": f"3{NUL}"}),
            "query",
            "max_days",
        )

        assert await counts(store_client, f"{unique}_aftercare") == before
        assert (await api.get("/workers/w-1/check-ins")).json()["items"] == []
        assert (await api.get("/workers/w-1/case")).json() == case


async def test_reporting_refuses_nul_in_targets(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    database = f"{unique}_reporting"
    env = settings_env("reporting", unique, kafka_bootstrap, mongodb_url)
    manager = auth_headers(Role.PROVINCIAL_MANAGER, "qm-14", province_code="14")
    async with in_process(service_app("reporting", env)) as api:
        before = await counts(store_client, database)
        body = {"province_target": 10, "communes": {f"0403{NUL}6": 3}}
        refused(
            await api.put("/provinces/14/targets/2025", json=body, headers=manager),
            "body",
            "communes",
            "0403\ufffd6",
        )
        clean = {"province_target": 10, "communes": {}}
        bad_key = {"Idempotency-Key": f"targets{NUL}0001"}
        refused(
            await api.put("/provinces/14/targets/2025%00", json=clean, headers=manager),
            "path",
            "period",
        )
        refused(
            await api.put("/provinces/14/targets/2025", json=clean, headers={**manager, **bad_key}),
            *KEY,
        )
        assert await counts(store_client, database) == before
        assert (await api.get("/provinces/14/targets/2025", headers=manager)).status_code == 404


TEXT = st.text(alphabet=st.sampled_from(["a", "\\", '"', "u", "0", NUL, "\u00e2"]), max_size=6)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


def expected_locs(value: Any, loc: tuple[str | int, ...] = ("body",)) -> Iterator[tuple]:
    """Where a JSON value holds U+0000, as the 422 names it (a name shows U+FFFD)."""
    if isinstance(value, str) and NUL in value:
        yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            shown = key.replace(NUL, "\ufffd")
            if NUL in key:
                yield (*loc, shown)
            yield from expected_locs(item, (*loc, shown))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from expected_locs(item, (*loc, index))


def json_request(body: bytes) -> Request:
    """A JSON request as the guard gets it, routed, its body read by FastAPI."""
    route = SimpleNamespace(body_field=SimpleNamespace(field_info=None))
    scope = {"type": "http", "method": "POST", "path": "/x", "headers": [], "route": route}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(scope, receive)


@given(value=JSON_VALUES, ascii_only=st.booleans())
def test_every_nul_in_a_json_body_is_found_and_nothing_else(value: Any, ascii_only: bool) -> None:
    # Backslashes, quotes and "u0000" next to each other: an escaped backslash before
    # "u0000" is no U+0000, and the scan for the escape must not be fooled either way.
    body = json.dumps(value, ensure_ascii=ascii_only).encode()
    found = asyncio.run(nul_errors(json_request(body)))
    assert [tuple(e["loc"]) for e in found] == list(expected_locs(value))
