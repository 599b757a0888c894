"""Role x endpoint x in-scope/out-of-scope, against every service (the four core ones as processes).

The demo loader fills the services through their public APIs with a third of its workers (every
stage, loan status and story, in and out of one province and commune, with every enterprise and
provider); the test then finds two workers in different provinces with training, a placement and
a loan, and calls EVERY protected route
of every service as every role: once for the caller's own worker, once for the other worker,
and once as a caller from nowhere. The expected answer comes from an independent oracle:

- the role's table forbids the action: 403;
- the record is outside the caller's scope: 404 (exactly like a record that does not exist);
- otherwise the request passes the guard: 200 for a read, 422 where a read needs a query
  parameter, and 422 for a write: its body carries a field no request model allows, so the
  guard runs in full and the test changes nothing.

Beyond the path, every write is also sent with the records its body names (a worker to enrol
or shortlist, a course's provider) taken from the caller's own worker and from the other one:
out of scope, 404 as for the path. A change that sets where its record lives is sent with each
worker's locality as the destination: outside the caller's area, 403. And every list is read
as every role: each item it returns must lie in the caller's scope by the same oracle.
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
from services.notifications import access as notifications
from services.reporting import access as reporting
from services.training import access as training
from shared import approvals_api
from shared.auth import PERMISSIONS, Reach, Resource, Role, Rule
from shared.auth import api as access_api
from shared.auth.principal import REACH
from shared.auth.rules import Destination, Source
from tests.journey.stack import Stack, running_stack
from tests.support.auth import token_for
from tests.support.pages import unpaged
from tests.support.services import in_process, service_app, settings_env
from tools import demo

# A hang guard, not a speed limit: about 3,500 requests, on a machine the suite shares
pytestmark = [pytest.mark.xdist_group("security-matrix"), pytest.mark.timeout(1500)]

RULES: dict[str, dict[tuple[str, str], Rule]] = {
    "intake": {**intake.RULES, **access_api.RULES},
    "training": {**training.RULES, **access_api.RULES},
    "deployment": {**deployment.RULES, **access_api.RULES},
    "aftercare": {**aftercare.RULES, **access_api.RULES},
    "reporting": {**reporting.RULES, **access_api.RULES},
    "notifications": {**notifications.RULES, **access_api.RULES},
}
PROBE = {"matrix_probe": True}
"""A field no request model allows: a write that passes the guard is refused (422) unchanged."""
WORKER_RECORDS = {
    intake.WORKER,
    training.TRAINEE,
    training.ENROLMENT,
    deployment.CANDIDATE,
    aftercare.CASE,
}
PUBLIC = {"/healthz", "/readyz", "/asyncapi.json", "/metrics"}
MATRIX_WORKERS = (1, 2, 3, 5, 7, 10, 11, 12, 13, 15, 22, 23, 32, 33, 34, 36, 38, 46)
"""The demo workers loaded, by number: records in the home commune, elsewhere in its province
and in the two other provinces, at every stage from registered to returned, every loan status,
the incident, the extension, the contract ending and the early return; every job order's
enterprise and every provider has some of them."""
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


def in_scope(
    caller: Caller, resource: Resource | None, target: Target, one_item: bool = False
) -> bool:
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
        if resource is training.ENROLMENT and reach is Reach.PROVIDER and one_item:
            # one enrolment: its own course's provider, not any provider of the worker
            return caller.claims["provider_id"] == target.params["provider_id"]
        if resource in (training.TRAINEE, training.ENROLMENT) and reach is Reach.PROVIDER:
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
    if resource is intake.INCOMING:  # a transfer waiting for the caller's commune: none here
        return False
    if resource is reporting.PROVINCE:
        return reach is Reach.PROVINCE and target.province_code == here[0]
    if resource is notifications.ALERT:  # an alert lives where its worker lives
        return worker_here
    if resource is approvals_api.APPROVAL:  # a correction waiting: where its worker lives
        return worker_here
    raise AssertionError(f"no oracle for {resource}")


def area_holds(caller: Caller, province: str, commune: str) -> bool:
    """Whether a change may put a record there: the caller's area holds the destination."""
    reach = caller.reach
    if reach is Reach.NATION:
        return True
    if reach is Reach.PROVINCE:
        return province == caller.claims.get("province_code")
    if reach is Reach.COMMUNE:
        return (province, commune) == (
            caller.claims.get("province_code"),
            caller.claims.get("commune_code"),
        )
    return False


async def discover(stack: Stack) -> tuple[list[Target], dict[str, tuple[str, str]]]:
    """Every demo worker with a placement and a training enrolment, with their records' ids;
    and where every demo worker lives."""
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
        if (
            placements.status_code != 200
            or not unpaged(placements.json())
            or trainee.status_code != 200
        ):
            return None
        enrolments = trainee.json().get("enrolments") or []
        if not enrolments or loans.status_code != 200 or not unpaged(loans.json()):
            return None
        placement = unpaged(placements.json())[0]
        enrolment = enrolments[0]
        target = Target(
            worker_id,
            worker["locality"]["province_code"],
            worker["locality"]["commune_code"],
            enterprise_ids={p["enterprise_id"] for p in unpaged(placements.json())},
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
            "loan_id": unpaged(loans.json())[0]["loan_id"],
            "transfer_id": "t-none",
            "referral_id": "r-none",
            "action": "approve",
            "province_code": worker["locality"]["province_code"],
            "month": MONTH,
            "period": PERIOD,
        }
        found = unpaged(incidents.json()) if incidents.status_code == 200 else []
        if found:
            target.params["reference"] = found[0]["incident_id"]
            target.incident_locality = (target.province_code, target.commune_code)
        return target

    found = [t for t in await asyncio.gather(*(target_of(w) for w in workers)) if t is not None]
    homes = {
        w["worker_id"]: (w["locality"]["province_code"], w["locality"]["commune_code"])
        for w in workers
    }
    return found, homes


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
    json_body: bool


def operations(documents: dict[str, dict[str, Any]]) -> list[Operation]:
    """Every route of every service's OpenAPI document, with its rule: none may lack one."""
    found = []
    for service, document in documents.items():
        for path, methods in document["paths"].items():
            if path in PUBLIC or path.startswith("/dashboard"):
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
                        json_body=body is not None and "application/json" in body["content"],
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


NAMED_IDS = {
    "worker_id": lambda target: target.worker_id,
    "provider_id": lambda target: target.params["provider_id"],
    "enterprise_id": lambda target: target.params["enterprise_id"],
}
"""The id a body field names, taken from a target: the worker, their course's provider..."""


@dataclass(frozen=True)
class Case:
    """One request: the caller, the worker the path names, the worker whose records the body
    names, and the worker whose locality a change is sent to (None: no such field)."""

    operation: Operation
    label: str
    caller: Caller
    target: Target
    named: Target
    destination: Target | None
    path: str
    status: int

    @property
    def body(self) -> dict[str, Any] | None:
        operation = self.operation
        if not operation.has_body:
            return None
        if not operation.json_body:
            return {}  # a file upload (imports): its required fields are missing, so 422
        body: dict[str, Any] = dict(PROBE)
        rule = operation.rule
        for named in rule.names:
            if named.source is Source.BODY:
                body[named.field] = NAMED_IDS[named.field](self.named)
        element = rule.resource.element if rule.resource else None
        if element is not None and "{" + element.param + "}" not in operation.path:
            body[element.param] = self.target.params[element.param]
        if rule.leaves is not None and self.destination is not None:
            body[rule.leaves.field] = _place(rule.leaves, self.destination)
        return body


def _place(destination: Destination, target: Target) -> dict[str, str]:
    return {destination.province: target.province_code, destination.commune: target.commune_code}


def expected(
    operation: Operation,
    caller: Caller,
    target: Target,
    named: Target | None = None,
    destination: Target | None = None,
) -> int | None:
    """The status the oracle expects; None: the call would change data, so it is not made."""
    rule = operation.rule
    if rule.action not in PERMISSIONS[caller.role]:
        return 403
    one_item = rule.resource is not None and rule.resource.element is not None
    if not in_scope(caller, rule.resource, target, one_item):
        return 404
    if any(not in_scope(caller, n.resource, named or target) for n in rule.names):
        return 404
    if destination is not None and not area_holds(
        caller, destination.province_code, destination.commune_code
    ):
        return 403
    if operation.method == "GET":
        return 422 if operation.needs_input else 200
    if operation.json_body:
        return 422  # the probe field: refused after the guard, nothing changes
    # a write without a JSON body would really happen: not made unless it needs input
    return 422 if operation.needs_input else None


ONE_SERVICE_PARAMS = {"approval_id": "intake"}
"""Path parameters naming a record only one service keeps here (the demo's waiting changes are
intake's): the same route of another service is not called with them."""


def fill(path: str, target: Target, service: str | None = None) -> str | None:
    names = re.findall(r"{(\w+)}", path)
    if any(name not in target.params for name in names):
        return None
    if service and any(ONE_SERVICE_PARAMS.get(name, service) != service for name in names):
        return None
    return path.format(**{name: target.params[name] for name in names})


def cases_for(operation: Operation, home: Target, away: Target) -> list[Case]:
    """Every caller on the route, with each worker in the path, the body's ids, the change."""
    found = []
    rule = operation.rule
    for label, caller in callers_for(home):
        workers = (home, away) if label == "home" else (home,)
        for target in workers:
            path = fill(operation.path, target, operation.service)
            if path is None:
                continue
            for named in workers if rule.names else (target,):
                for destination in workers if rule.leaves else (None,):
                    status = expected(operation, caller, target, named, destination)
                    if status is not None:
                        found.append(
                            Case(operation, label, caller, target, named, destination, path, status)
                        )
    return found


MONTH = f"{time.gmtime().tm_year}-{time.gmtime().tm_mon:02d}"
PERIOD = str(time.gmtime().tm_year)


async def prepare_reports(reporting_client: Any, targets: list[Target]) -> None:
    """Targets for each province (their reads then answer 200), and a figure to drill into."""
    for province in sorted({t.province_code for t in targets}):
        path = f"/provinces/{province}/targets/{PERIOD}"
        body: dict[str, Any] = {"province_target": 10, "set_by": "access-matrix"}
        answer = await reporting_client.put(path, json=body)
        if answer.status_code == 422:  # who set them comes from the token
            answer = await reporting_client.put(path, json={"province_target": 10})
        assert answer.status_code == 200, answer.text
    for target in targets:
        report = await reporting_client.get(
            f"/provinces/{target.province_code}/reports/monthly/{MONTH}"
        )
        assert report.status_code == 200, report.text
        figures = report.json()["figures"]
        if figures:
            target.params["figure_id"] = figures[0]["id"]


async def ask_approvals(intake_client: Any, targets: list[Target]) -> None:
    """A household status correction by each target's commune officer, waiting for a second
    person (the routes naming an approval then answer)."""
    for target in targets:
        worker = (await intake_client.get(f"/workers/{target.worker_id}")).json()
        status = "poor" if worker["household_status"] != "poor" else "near_poor"
        officer = token_for(
            Role.COMMUNE_OFFICER,
            "matrix-maker",
            province_code=target.province_code,
            commune_code=target.commune_code,
        )
        asked = await intake_client.patch(
            f"/workers/{target.worker_id}",
            json={"household_status": status},
            headers={"Authorization": f"Bearer {officer}"},
        )
        assert asked.status_code == 202, asked.text
        target.params["approval_id"] = asked.json()["approval_id"]


ALERT_EVERYONE = {"no_contact_days": "0", "loan_without_departure_days": "0"}
"""Rules that raise an alert about every demo worker abroad or with a loan paid out."""


async def find_alerts(notifications_client: Any, targets: list[Target]) -> None:
    """An alert about each target (the routes naming one then answer), once the rules ran."""
    deadline = time.monotonic() + 60
    for target in targets:
        while True:
            answer = await notifications_client.get(
                "/alerts", params={"worker_id": target.worker_id}
            )
            assert answer.status_code == 200, answer.text
            if items := answer.json()["items"]:
                target.params["alert_id"] = items[0]["alert_id"]
                break
            assert time.monotonic() < deadline, f"no alert about {target.worker_id}"
            await asyncio.sleep(0.5)


async def test_every_role_on_every_route_in_and_out_of_scope(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    reporting_app = service_app(
        "reporting", settings_env("reporting", unique, kafka_bootstrap, mongodb_url)
    )
    notifications_env = settings_env(
        "notifications", unique, kafka_bootstrap, mongodb_url, rules_interval_s="0.5",
        **ALERT_EVERYONE,
    )  # fmt: skip
    async with (
        running_stack(unique, kafka_bootstrap, mongodb_url) as stack,
        in_process(reporting_app) as reporting_client,
        in_process(service_app("notifications", notifications_env)) as notifications_client,
    ):
        started = time.monotonic()
        await demo.load(stack.urls, plans=[p for p in demo.PLANS if p.number in MATRIX_WORKERS])
        print(f"demo loaded in {time.monotonic() - started:.1f}s")
        targets, homes = await discover(stack)
        provinces = {t.province_code for t in targets}
        assert len(provinces) >= 2, f"the demo must place workers from 2+ provinces: {provinces}"
        home = (
            next(t for t in targets if "reference" in t.params)
            if any("reference" in t.params for t in targets)
            else targets[0]
        )
        away = next(t for t in targets if t.province_code != home.province_code)
        await prepare_reports(reporting_client, [home, away])
        await find_alerts(notifications_client, [home, away])
        await ask_approvals(stack.intake, [home, away])
        clients = {s: getattr(stack, s) for s in RULES if s not in ("reporting", "notifications")}
        clients["reporting"] = reporting_client
        clients["notifications"] = notifications_client
        documents = {s: (await c.get("/openapi.json")).json() for s, c in clients.items()}
        every = operations(documents)

        cases = [case for operation in every for case in cases_for(operation, home, away)]
        assert len(cases) > 1000, len(cases)
        for kind, count in (
            ("body ids", sum(1 for c in cases if c.operation.rule.names and c.named is away)),
            ("results of a change", sum(1 for c in cases if c.destination is away)),
            ("reporting", sum(1 for c in cases if c.operation.service == "reporting")),
            ("notifications", sum(1 for c in cases if "{alert_id}" in c.operation.path)),
        ):
            assert count >= 10, (kind, count)
        tokens = {
            (c.label, c.caller.role): token_for(
                c.caller.role, f"{c.caller.role}-{c.label}", **c.caller.claims
            )
            for c in cases
        }
        gate = asyncio.Semaphore(8)

        async def run(case: Case) -> str | None:
            operation = case.operation
            headers = {"Authorization": f"Bearer {tokens[(case.label, case.caller.role)]}"}
            async with gate:
                response = await clients[operation.service].request(
                    operation.method, case.path, headers=headers, json=case.body
                )
            if response.status_code == case.status:
                return None
            side = {id(home): "home", id(away): "away"}
            return (
                f"{case.caller.role.value}@{case.label} {operation.method} "
                f"{operation.service}{case.path} (worker {side[id(case.target)]}, body ids "
                f"{side[id(case.named)]}, destination "
                f"{side.get(id(case.destination), '-')}): "
                f"{response.status_code}, expected {case.status}: {response.text[:160]}"
            )

        started = time.monotonic()
        wrong = [w for w in await asyncio.gather(*(run(c) for c in cases)) if w]
        print(f"{len(cases)} requests in {time.monotonic() - started:.1f}s")
        assert not wrong, f"{len(wrong)} of {len(cases)} wrong:\n" + "\n".join(wrong[:60])

        await _every_list_holds_only_what_its_caller_may_see(clients, every, home, homes, tokens)
        await _lists_are_filtered_in_the_query(stack, home)


def item_in_scope(
    caller: Caller, resource: Resource, item: dict[str, Any], homes: dict[str, tuple[str, str]]
) -> bool:
    """The oracle for one item of a list, from the item's own facts or its worker's home."""
    reach = caller.reach
    if reach is Reach.NATION:
        return True
    claims = caller.claims

    def here(place: tuple[str, str | None] | None) -> bool:
        if place is None:
            return False
        if reach is Reach.PROVINCE:
            return place[0] == claims["province_code"]
        if reach is Reach.COMMUNE:
            return place == (claims["province_code"], claims["commune_code"])
        return False

    place: tuple[str, str | None] | None = None
    if isinstance(item.get("locality"), dict):
        place = (item["locality"]["province_code"], item["locality"]["commune_code"])
    elif item.get("worker_id") in homes:
        place = homes[item["worker_id"]]
    elif "province_code" in item:
        place = (item["province_code"], item.get("commune_code"))
    if resource in (training.COURSE, training.PROVIDER):
        mine = item.get("provider_id") == claims.get("provider_id")
        return mine if reach is Reach.PROVIDER else reach in (Reach.COMMUNE, Reach.PROVINCE)
    if resource is deployment.JOB_ORDER:
        mine = item.get("enterprise_id") == claims.get("enterprise_id")
        return mine if reach is Reach.ENTERPRISE else reach in (Reach.COMMUNE, Reach.PROVINCE)
    if resource is deployment.PLACEMENT:
        if reach is Reach.ENTERPRISE:
            return item.get("enterprise_id") == claims.get("enterprise_id")
        return here(place)
    if resource is training.TRAINEE and reach is Reach.PROVIDER:
        return True  # the seat holders of the provider's own course (the path is checked)
    if resource is intake.REVIEW:
        return any(here(homes.get(w)) for w in item.get("worker_ids", []))
    return here(place)


def _items(answer: Any) -> list[dict[str, Any]]:
    if isinstance(answer, list):
        return answer
    for key in ("items", "matches"):
        if isinstance(answer, dict) and isinstance(answer.get(key), list):
            return list(answer[key])
    raise AssertionError(f"not a list: {str(answer)[:100]}")


async def _every_list_holds_only_what_its_caller_may_see(
    clients: dict[str, Any],
    every: list[Operation],
    home: Target,
    homes: dict[str, tuple[str, str]],
    tokens: dict[tuple[str, Role], str],
) -> None:
    """Every list, read by every role at home: each item lies in the caller's scope."""
    wrong: list[str] = []
    seen: dict[str, int] = {}
    for operation in every:
        items_resource = operation.rule.items
        path = fill(operation.path, home)
        if items_resource is None or operation.method != "GET" or path is None:
            continue
        if operation.needs_input:
            continue
        for label, caller in callers_for(home):
            if label != "home" or expected(operation, caller, home) != 200:
                continue
            headers = {"Authorization": f"Bearer {tokens[('home', caller.role)]}"}
            answer = await clients[operation.service].get(path, headers=headers)
            assert answer.status_code == 200, (operation.path, caller.role, answer.text[:200])
            items = _items(answer.json())
            if caller.reach is not Reach.NATION:
                seen[operation.path] = seen.get(operation.path, 0) + len(items)
            wrong += [
                f"{caller.role.value} {operation.service}{path}: {str(item)[:120]}"
                for item in items
                if not item_in_scope(caller, items_resource, item, homes)
            ]
    print("list items checked, by route:", seen)
    assert not wrong, f"{len(wrong)} items out of scope:\n" + "\n".join(wrong[:40])
    assert sum(1 for count in seen.values() if count) >= 5, seen


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
    orders = (await stack.deployment.get("/job-orders", headers=firm)).json()["items"]
    assert orders
    assert {o["enterprise_id"] for o in orders} == {enterprise}
    others = await stack.deployment.get(
        "/job-orders", params={"enterprise_id": "someone-else"}, headers=firm
    )
    assert unpaged(others.json()) == []

    manager = {
        "Authorization": "Bearer "
        + token_for(Role.AFTERCARE_OFFICER, province_code=home.province_code)
    }
    abroad = await stack.aftercare.get(
        "/cases/contracts-ending", params={"within_days": 3650}, headers=manager
    )
    assert abroad.status_code == 200
    assert {c["province_code"] for c in unpaged(abroad.json())} <= {home.province_code}
    elsewhere = await stack.aftercare.get(
        "/cases/contracts-ending", params={"province_code": "99"}, headers=manager
    )
    assert unpaged(elsewhere.json()) == []
