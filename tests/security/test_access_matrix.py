"""Role x endpoint x in-scope/out-of-scope, against the four services running as processes.

The demo loader fills the services through their public APIs; the test then finds two workers
in different provinces with training, a placement and a loan, and calls EVERY protected route
of every service as every role: once for the caller's own worker, once for the other worker,
and once as a caller from nowhere. The expected answer comes from an independent oracle:

- the role's table forbids the action: 403;
- the record is outside the caller's scope: 404 (exactly like a record that does not exist);
- otherwise the request passes the guard: 200 for a read, 422 for a write sent an empty body
  (so the test changes nothing), or 422 where a read needs a query parameter.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from services.aftercare import access as aftercare
from services.deployment import access as deployment
from services.intake import access as intake
from services.training import access as training
from shared.auth import PERMISSIONS, Reach, Resource, Role, Rule
from shared.auth import api as access_api
from shared.auth.principal import REACH
from tests.journey.stack import Stack, running_stack
from tests.support.auth import token_for
from tools import demo

pytestmark = [pytest.mark.xdist_group("security-matrix"), pytest.mark.timeout(600)]

RULES: dict[str, dict[tuple[str, str], Rule]] = {
    "intake": {**intake.RULES, **access_api.RULES},
    "training": {**training.RULES, **access_api.RULES},
    "deployment": {**deployment.RULES, **access_api.RULES},
    "aftercare": {**aftercare.RULES, **access_api.RULES},
}
WORKER_RECORDS = {intake.WORKER, training.TRAINEE, deployment.CANDIDATE, aftercare.CASE}
PUBLIC = {"/healthz", "/readyz", "/asyncapi.json", "/metrics"}
NOWHERE = {
    "province_code": "00",
    "commune_code": "00000",
    "enterprise_id": "enterprise-nowhere",
    "provider_id": "provider-nowhere",
}


@dataclass
class Target:
    """One worker and the records around them that the routes' path parameters name."""

    worker_id: str
    province_code: str
    commune_code: str
    params: dict[str, str] = field(default_factory=dict)
    enterprise_ids: set[str] = field(default_factory=set)
    provider_ids: set[str] = field(default_factory=set)
    incident_locality: tuple[str, str] | None = None


@dataclass(frozen=True)
class Caller:
    role: Role
    claims: dict[str, str]

    @property
    def reach(self) -> Reach:
        return REACH[self.role]


def in_scope(caller: Caller, resource: Resource | None, target: Target) -> bool:
    """The oracle: written from the rules' meaning, not from the guard's code."""
    reach = caller.reach
    if resource is None or reach is Reach.NATION:
        return True
    here = (caller.claims.get("province_code"), caller.claims.get("commune_code"))

    def lives_here(province: str, commune: str) -> bool:
        if reach is Reach.PROVINCE:
            return province == here[0]
        if reach is Reach.COMMUNE:
            return (province, commune) == here
        return False

    worker_here = lives_here(target.province_code, target.commune_code)
    if resource in WORKER_RECORDS:
        if resource is training.TRAINEE and reach is Reach.PROVIDER:
            return caller.claims["provider_id"] in target.provider_ids
        return worker_here
    if resource in (training.COURSE, training.PROVIDER):
        if reach is Reach.PROVIDER:
            return caller.claims["provider_id"] in target.provider_ids
        return reach in (Reach.COMMUNE, Reach.PROVINCE)
    if resource in (deployment.ENTERPRISE, deployment.JOB_ORDER):
        if reach is Reach.ENTERPRISE:
            return caller.claims["enterprise_id"] in target.enterprise_ids
        return reach in (Reach.COMMUNE, Reach.PROVINCE)
    if resource is deployment.PLACEMENT:
        if reach is Reach.ENTERPRISE:
            return caller.claims["enterprise_id"] in target.enterprise_ids
        return worker_here
    if resource is aftercare.INCIDENT:
        return target.incident_locality is not None and lives_here(*target.incident_locality)
    raise AssertionError(f"no oracle for {resource}")


async def discover(stack: Stack) -> list[Target]:
    """Every demo worker with a placement and a training enrolment, with their records' ids."""
    workers: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = (await stack.intake.get("/workers", params=params)).json()
        workers += page["items"]
        if not (cursor := page["next_cursor"]):
            break
    gate = asyncio.Semaphore(8)

    async def target_of(worker: dict[str, Any]) -> Target | None:
        worker_id = worker["worker_id"]
        async with gate:
            placements, trainee, loans, incidents = await asyncio.gather(
                stack.deployment.get(f"/workers/{worker_id}/placements"),
                stack.training.get(f"/workers/{worker_id}/training"),
                stack.intake.get(f"/workers/{worker_id}/loans"),
                stack.aftercare.get(f"/workers/{worker_id}/incidents"),
            )
        if placements.status_code != 200 or not placements.json() or trainee.status_code != 200:
            return None
        enrolments = trainee.json().get("enrolments") or []
        if not enrolments or loans.status_code != 200 or not loans.json():
            return None
        placement = placements.json()[0]
        enrolment = enrolments[0]
        target = Target(
            worker_id,
            worker["locality"]["province_code"],
            worker["locality"]["commune_code"],
            enterprise_ids={p["enterprise_id"] for p in placements.json()},
            provider_ids={e["provider_id"] for e in enrolments},
        )
        target.params = {
            "worker_id": worker_id,
            "placement_id": placement["placement_id"],
            "job_order_id": placement["job_order_id"],
            "enterprise_id": placement["enterprise_id"],
            "enrolment_id": enrolment["enrolment_id"],
            "course_id": enrolment["course_id"],
            "provider_id": enrolment["provider_id"],
            "session_id": "s0",
            "loan_id": loans.json()[0]["loan_id"],
            "action": "approve",
        }
        found = incidents.json() if incidents.status_code == 200 else []
        if found:
            target.params["reference"] = found[0]["incident_id"]
            target.incident_locality = (target.province_code, target.commune_code)
        return target

    return [t for t in await asyncio.gather(*(target_of(w) for w in workers)) if t is not None]


def callers_for(home: Target) -> list[tuple[str, Caller]]:
    """Every role at home (the first worker's commune, enterprise, provider) and from nowhere."""
    at_home = {
        "province_code": home.province_code,
        "commune_code": home.commune_code,
        "enterprise_id": sorted(home.enterprise_ids)[0],
        "provider_id": sorted(home.provider_ids)[0],
    }
    return [(label, Caller(role, claims)) for role in Role for label, claims in
            (("home", at_home), ("nowhere", NOWHERE))]  # fmt: skip


@dataclass(frozen=True)
class Operation:
    service: str
    method: str
    path: str
    rule: Rule
    needs_input: bool
    has_body: bool


def operations(documents: dict[str, dict[str, Any]]) -> list[Operation]:
    """Every route of every service's OpenAPI document, with its rule: none may lack one."""
    found = []
    for service, document in documents.items():
        for path, methods in document["paths"].items():
            if path in PUBLIC:
                continue
            for method, operation in methods.items():
                rule = RULES[service].get((method.upper(), path))
                assert rule is not None, f"{service} {method.upper()} {path} has no access rule"
                parameters = operation.get("parameters", [])
                required_query = any(p.get("required") and p["in"] == "query" for p in parameters)
                body = operation.get("requestBody")
                schemas = document.get("components", {}).get("schemas", {})
                found.append(
                    Operation(
                        service,
                        method.upper(),
                        path,
                        rule,
                        needs_input=required_query or _body_needs_fields(body, schemas),
                        has_body=body is not None,
                    )
                )
    return found


def _body_needs_fields(body: dict[str, Any] | None, schemas: dict[str, Any]) -> bool:
    """Whether an empty body breaks the operation's schema (so sending one changes nothing)."""
    if not body or not body.get("required"):
        return False
    for content in body.get("content", {}).values():
        schema = content.get("schema", {})
        reference = schema.get("$ref", "")
        if reference:
            schema = schemas.get(reference.rsplit("/", 1)[-1], {})
        if schema.get("required"):
            return True
    return False


def expected(operation: Operation, caller: Caller, target: Target) -> int | None:
    """The status the oracle expects; None: the call would change data, so it is not made."""
    if operation.rule.action not in PERMISSIONS[caller.role]:
        return 403
    if not in_scope(caller, operation.rule.resource, target):
        return 404
    if operation.method == "GET":
        return 422 if operation.needs_input else 200
    # a write whose body may be empty would really happen: not made (its guard is the same)
    return 422 if operation.needs_input else None


def fill(path: str, target: Target) -> str | None:
    names = re.findall(r"{(\w+)}", path)
    if any(name not in target.params for name in names):
        return None
    return path.format(**{name: target.params[name] for name in names})


async def test_every_role_on_every_route_in_and_out_of_scope(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with running_stack(unique, kafka_bootstrap, mongodb_url) as stack:
        started = time.monotonic()
        await demo.load(stack.urls)
        print(f"demo loaded in {time.monotonic() - started:.1f}s")
        targets = await discover(stack)
        provinces = {t.province_code for t in targets}
        assert len(provinces) >= 2, f"the demo must place workers from 2+ provinces: {provinces}"
        home = (
            next(t for t in targets if "reference" in t.params)
            if any("reference" in t.params for t in targets)
            else targets[0]
        )
        away = next(t for t in targets if t.province_code != home.province_code)
        clients = {s: getattr(stack, s) for s in RULES}
        documents = {s: (await c.get("/openapi.json")).json() for s, c in clients.items()}

        cases = []
        for operation in operations(documents):
            for label, caller in callers_for(home):
                for target in (home, away) if label == "home" else (home,):
                    path = fill(operation.path, target)
                    if path is None:
                        continue
                    status = expected(operation, caller, target)
                    if status is None:
                        continue
                    cases.append((operation, label, caller, target, path, status))
        assert len(cases) > 1000, len(cases)
        tokens = {
            (label, caller.role): token_for(caller.role, f"{caller.role}-{label}", **caller.claims)
            for _, label, caller, _, _, _ in cases
        }
        gate = asyncio.Semaphore(8)

        async def run(case: tuple[Operation, str, Caller, Target, str, int]) -> str | None:
            operation, label, caller, target, path, status = case
            headers = {"Authorization": f"Bearer {tokens[(label, caller.role)]}"}
            async with gate:
                response = await clients[operation.service].request(
                    operation.method,
                    path,
                    headers=headers,
                    json={} if operation.has_body else None,
                )
            if response.status_code == status:
                return None
            return (
                f"{caller.role.value}@{label} {operation.method} {operation.service}{path} "
                f"(worker {'home' if target is home else 'away'}): "
                f"{response.status_code}, expected {status}: {response.text[:160]}"
            )

        started = time.monotonic()
        wrong = [w for w in await asyncio.gather(*(run(c) for c in cases)) if w]
        print(f"{len(cases)} requests in {time.monotonic() - started:.1f}s")
        assert not wrong, f"{len(wrong)} of {len(cases)} wrong:\n" + "\n".join(wrong[:60])

        await _lists_are_filtered_in_the_query(stack, home)


async def _lists_are_filtered_in_the_query(stack: Stack, home: Target) -> None:
    """Lists and searches return only what the caller's scope holds."""
    officer = {
        "Authorization": "Bearer "
        + token_for(
            Role.COMMUNE_OFFICER,
            "officer-home",
            province_code=home.province_code,
            commune_code=home.commune_code,
        )
    }
    page = (await stack.intake.get("/workers", params={"limit": 200}, headers=officer)).json()
    communes = {w["locality"]["commune_code"] for w in page["items"]}
    assert communes == {home.commune_code}, communes
    everyone = (await stack.intake.get("/workers", params={"limit": 200})).json()
    assert len(everyone["items"]) > len(page["items"])

    enterprise = sorted(home.enterprise_ids)[0]
    firm = {"Authorization": "Bearer " + token_for(Role.ENTERPRISE, enterprise_id=enterprise)}
    orders = (await stack.deployment.get("/job-orders", headers=firm)).json()
    assert orders
    assert {o["enterprise_id"] for o in orders} == {enterprise}
    others = await stack.deployment.get(
        "/job-orders", params={"enterprise_id": "someone-else"}, headers=firm
    )
    assert others.json() == []

    manager = {
        "Authorization": "Bearer "
        + token_for(Role.AFTERCARE_OFFICER, province_code=home.province_code)
    }
    abroad = await stack.aftercare.get(
        "/cases/contracts-ending", params={"within_days": 3650}, headers=manager
    )
    assert abroad.status_code == 200
    assert {c["province_code"] for c in abroad.json()} <= {home.province_code}
    elsewhere = await stack.aftercare.get(
        "/cases/contracts-ending", params={"province_code": "99"}, headers=manager
    )
    assert elsewhere.json() == []
