"""Who acted comes from the verified token: a body that says who acted is refused (422).

Intake, aftercare and reporting run in-process on the real broker and store.
"""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import pytest

from shared.auth import Role
from tests.intake.samples import SON_LINH
from tests.intake.support import intake_events, person
from tests.support.auth import auth_headers
from tests.support.problems import error_locations
from tests.support.services import in_process, service_app, settings_env
from tools import security_doc

OFFICER = "officer-son-linh"
SON_LINH_OFFICER = auth_headers(
    Role.COMMUNE_OFFICER, OFFICER, province_code="51", commune_code="21307"
)


def _request_properties(document: dict[str, Any]) -> set[str]:
    """Every property name a request body of the OpenAPI document may carry, nested included."""
    schemas = document.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    names: set[str] = set()

    def walk(schema: Any) -> None:
        if isinstance(schema, list):
            for item in schema:
                walk(item)
            return
        if not isinstance(schema, dict):
            return
        reference = schema.get("$ref")
        if isinstance(reference, str):
            name = reference.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                walk(schemas.get(name))
            return
        names.update(schema.get("properties", {}))
        for value in schema.values():
            walk(value)

    for operations in document["paths"].values():
        for operation in operations.values():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                walk(content.get("schema"))
    return names


@pytest.mark.parametrize("service", security_doc.SERVICES)
async def test_no_request_schema_lets_the_caller_say_who_acted(service: str) -> None:
    app = importlib.import_module(f"services.{service}.app").create_app()
    properties = _request_properties(app.openapi())
    assert properties, service
    who = sorted(p for p in properties if p.endswith("_by") or p == "officer")
    assert who == [], f"{service}: request bodies still name who acted"


def _refused_naming(response: httpx.Response, *loc: str) -> None:
    assert response.status_code == 422, response.text
    assert ["body", *loc] in [list(loc) for loc in error_locations(response.json())]


async def test_intake_records_the_token_subject_and_refuses_a_typed_one(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = service_app("intake", settings_env("intake", unique, kafka_bootstrap, mongodb_url))
    async with in_process(app) as api:
        typed = person(1, locality=dict(SON_LINH))
        typed["consent"]["recorded_by"] = "someone-else"
        refused = await api.post("/workers", json=typed, headers=SON_LINH_OFFICER)
        _refused_naming(refused, "consent", "recorded_by")

        created = await api.post(
            "/workers", json=person(1, locality=dict(SON_LINH)), headers=SON_LINH_OFFICER
        )
        assert created.status_code == 201, created.text
        worker = created.json()
        assert worker["registered_by"] == OFFICER
        assert worker["consent"]["recorded_by"] == OFFICER
        base = f"/workers/{worker['worker_id']}"

        forged = {"household_status": "near_poor", "corrected_by": "chairman"}
        _refused_naming(
            await api.patch(base, json=forged, headers=SON_LINH_OFFICER), "corrected_by"
        )
        # A phone is corrected at once; a household status would wait for a second person.
        corrected = await api.patch(base, json={"phone": "0362 123 456"}, headers=SON_LINH_OFFICER)
        assert corrected.status_code == 200, corrected.text
        revisions = (await api.get(f"{base}/revisions", headers=SON_LINH_OFFICER)).json()["items"]
        assert [r["by"] for r in revisions] == [OFFICER]

        withdrawn = {"reason": "harvest", "withdrawn_by": "x"}
        refused = await api.post(f"{base}/withdraw", json=withdrawn, headers=SON_LINH_OFFICER)
        _refused_naming(refused, "withdrawn_by")

        application = {
            "amount_vnd": 90_000_000,
            "purpose": "pay the placement fee and the flight to Japan",
            "cost_of_going_vnd": 100_000_000,
            "market": "JP",
        }
        typed_loan = {**application, "requested_by": "x"}
        refused = await api.post(f"{base}/loans", json=typed_loan, headers=SON_LINH_OFFICER)
        _refused_naming(refused, "requested_by")
        loan = await api.post(f"{base}/loans", json=application, headers=SON_LINH_OFFICER)
        assert loan.status_code == 201, loan.text
        assert [step["by"] for step in loan.json()["history"]] == [OFFICER]

        upload = {"file": ("rows.csv", b"full_name\n", "text/csv")}
        refused = await api.post(
            "/imports", files=upload, data={"imported_by": "x"}, headers=SON_LINH_OFFICER
        )
        _refused_naming(refused, "imported_by")

        events = await intake_events(
            kafka_bootstrap,
            unique,
            until=lambda es: {"worker.corrected", "loan.requested"} <= {e["type"] for e in es},
        )
    [correction] = [e["data"] for e in events if e["type"] == "worker.corrected"]
    assert correction["corrected_by"] == OFFICER


async def test_aftercare_and_reporting_refuse_a_typed_actor(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    aftercare = service_app(
        "aftercare", settings_env("aftercare", unique, kafka_bootstrap, mongodb_url)
    )
    async with in_process(aftercare) as api:
        check_in = {
            "contact": "worker",
            "channel": "phone",
            "wellbeing": "good",
            "contacted_at": "2025-11-03T08:00:00+07:00",
            "recorded_by": "someone-else",
        }
        _refused_naming(await api.post("/workers/w-1/check-ins", json=check_in), "recorded_by")
    reporting = service_app(
        "reporting", settings_env("reporting", unique, kafka_bootstrap, mongodb_url)
    )
    async with in_process(reporting) as api:
        targets = {"province_target": 10, "communes": {}, "set_by": "qm-14"}
        refused = await api.put("/provinces/51/targets/2025", json=targets)
        _refused_naming(refused, "set_by")
        accepted = await api.put(
            "/provinces/51/targets/2025", json={"province_target": 10, "communes": {}}
        )
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["set_by"] == "homeward-tests"


def test_the_security_document_names_who_acted_and_what_is_audited() -> None:
    intake = security_doc.actor_fields("intake")
    assert intake[("PATCH", "/workers/{worker_id}")] == ("corrected_by",)
    assert intake[("POST", "/workers")] == ("consent.recorded_by",)
    tables = security_doc.tables()
    assert "| who acted (from the token) | audited |" in tables
    assert "| `corrected_by` | every call |" in tables
    assert "| — | with `name` |" in tables
