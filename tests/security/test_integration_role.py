"""The ``service`` role is split: ``integration`` reads, ``service`` (Homeward itself) acts."""

from __future__ import annotations

import importlib

import pytest

from shared.auth import PERMISSIONS, Action, AuthSettings, Role, TokenVerifier
from shared.auth import api as access_api
from tests.intake.support import person
from tests.security.test_token_command import _homeward
from tests.support.auth import auth_headers
from tests.support.services import in_process, service_app, settings_env
from tools import security_doc

INTEGRATION = auth_headers(Role.INTEGRATION, "ministry-dashboard")


NOTHING_TO_READ = {"notifications"}
"""Services an integration reads nothing of: alerts reach other systems by webhook."""


@pytest.mark.parametrize("service", security_doc.SERVICES)
def test_every_route_an_integration_may_call_only_reads(service: str) -> None:
    rules = {**importlib.import_module(f"services.{service}.access").RULES, **access_api.RULES}
    allowed = {
        route for route, rule in rules.items() if rule.action in PERMISSIONS[Role.INTEGRATION]
    }
    own = {route for route in allowed if route not in access_api.RULES}
    assert bool(own) is (service not in NOTHING_TO_READ), (service, own)
    assert sorted(r for r in allowed if r[0] not in ("GET", "HEAD")) == []


def test_the_service_role_keeps_every_action_but_breaking_the_glass() -> None:
    assert PERMISSIONS[Role.SERVICE] == frozenset(Action) - {Action.EMERGENCY_ACCESS}
    assert PERMISSIONS[Role.INTEGRATION] < PERMISSIONS[Role.SERVICE]
    for action in (Action.AUDIT_READ, Action.EMERGENCY_ACCESS, Action.EMERGENCY_REVIEW):
        assert action not in PERMISSIONS[Role.INTEGRATION]


async def test_an_integration_reads_every_worker_and_changes_nothing(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = service_app("intake", settings_env("intake", unique, kafka_bootstrap, mongodb_url))
    async with in_process(app) as api:
        created = await api.post("/workers", json=person(1))  # as Homeward's own service
        assert created.status_code == 201, created.text
        worker = created.json()["worker_id"]
        assert (await api.get(f"/workers/{worker}", headers=INTEGRATION)).status_code == 200
        assert (await api.get("/workers", headers=INTEGRATION)).json()["items"]
        refused = [
            await api.post("/workers", json=person(2), headers=INTEGRATION),
            await api.patch(
                f"/workers/{worker}", json={"education": "college"}, headers=INTEGRATION
            ),
            await api.post(
                f"/workers/{worker}/withdraw", json={"reason": "r"}, headers=INTEGRATION
            ),
            await api.get("/audit", headers=INTEGRATION),
        ]
        assert [r.status_code for r in refused] == [403] * 4
        assert (await api.get(f"/workers/{worker}")).json()["revision"] == 1


def test_the_token_command_mints_an_integration_token() -> None:
    printed = _homeward(
        "integration", "--subject", "ministry-dashboard", "--name", "Bộ LĐTBXH", "--explain"
    )
    assert printed.returncode == 0, printed.stderr
    principal = TokenVerifier(AuthSettings()).verify(printed.stdout.strip())
    assert (principal.role, principal.subject) == (Role.INTEGRATION, "ministry-dashboard")
    assert principal.name == "Bộ LĐTBXH"
    assert "worker.read" in printed.stderr
    assert "worker.change" not in printed.stderr
