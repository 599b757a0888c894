"""Every route of every service has an access rule, and docs/security.md shows the same tables."""

from __future__ import annotations

import importlib

import pytest

from shared.auth import api as access_api
from tools import security_doc

PUBLIC = {"/healthz", "/readyz", "/asyncapi.json", "/metrics"}
# reporting's dashboard page and its scripts hold no data: the page fetches figures with a token
PUBLIC |= {"/dashboard", "/dashboard/assets/{name}"}


@pytest.mark.parametrize("service", security_doc.SERVICES)
async def test_every_route_has_a_rule(service: str) -> None:
    app = importlib.import_module(f"services.{service}.app").create_app()
    rules = {**importlib.import_module(f"services.{service}.access").RULES, **access_api.RULES}
    routes = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path not in PUBLIC
        for method in operations
    }
    assert routes, service
    assert sorted(routes - set(rules)) == []
    assert sorted(set(rules) - routes) == [], "a rule for a route that does not exist"


def test_the_security_document_is_current() -> None:
    assert security_doc.main(["check"]) == 0
