"""Every route of every service has an access rule, and docs/security.md shows the same tables."""

from __future__ import annotations

import importlib
from typing import Any

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


# Records a body names that the guard does not look up, and why.
UNCHECKED_BODY_IDS = {
    ("POST", "/duplicates/{review_id}/decision", "survivor_id"): "one of the review's own pair",
    ("POST", "/emergency-access", "worker_id"): "a grant opens a worker out of scope, by design",
}
# A list under one of these path records holds that record's own (its loans, rows, versions).
OWN_RECORDS_OF = ("worker_id", "job_id", "province_code")
# Lists that are not of scoped records, and why.
UNSCOPED_LISTS = {
    ("GET", "/readiness/requirements"): "the markets' requirements: no one's record",
    ("GET", "/audit"): "auditors read the whole trail (their reach is none)",
    ("GET", "/emergency-access"): "auditors review every grant",
    **{
        ("GET", f"/reference/{path}"): "reference data: units and code lists, no one's record"
        for path in ("provinces", "provinces/former", "communes", "communes/former", "code-lists")
    },
    ("GET", "/webhooks"): "the service's subscriptions, no one's record (administrators only)",
    ("GET", "/webhooks/{subscription_id}/deliveries"): "a subscription's own deliveries",
}


def _schema(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    reference = schema.get("$ref", "")
    if not reference:
        return schema
    found: dict[str, Any] = document["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    return found


def _operations(service: str) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    app = importlib.import_module(f"services.{service}.app").create_app()
    document = app.openapi()
    return [
        (method.upper(), path, operation, document)
        for path, operations in document["paths"].items()
        if path not in PUBLIC
        for method, operation in operations.items()
    ]


@pytest.mark.parametrize("service", security_doc.SERVICES)
async def test_every_record_a_body_names_is_checked(service: str) -> None:
    """A body field holding a record's id (``worker_id``...) is in its rule's ``names``."""
    rules = {**importlib.import_module(f"services.{service}.access").RULES, **access_api.RULES}
    unchecked = []
    for method, path, operation, document in _operations(service):
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            continue
        properties = _schema(document, content["application/json"]["schema"]).get("properties")
        rule = rules[(method, path)]
        checked = {n.field for n in rule.names}
        if rule.resource is not None and rule.resource.element is not None:
            checked.add(rule.resource.element.param)
        unchecked += [
            (method, path, name)
            for name in properties or {}
            if name.endswith("_id") and name != "national_id" and name not in checked
            if (method, path, name) not in UNCHECKED_BODY_IDS
        ]
    assert unchecked == []


@pytest.mark.parametrize("service", security_doc.SERVICES)
async def test_every_list_declares_the_scope_of_its_items(service: str) -> None:
    """A route answering a list of records declares ``items`` (filtered in the store query),
    unless the list is the own records of one worker, import or province named in the path."""
    rules = {**importlib.import_module(f"services.{service}.access").RULES, **access_api.RULES}
    undeclared = []
    for method, path, operation, document in _operations(service):
        answer = operation.get("responses", {}).get("200", {}).get("content", {})
        schema = _schema(document, answer.get("application/json", {}).get("schema", {}))
        lists = schema.get("type") == "array" or any(
            schema.get("properties", {}).get(key, {}).get("type") == "array"
            for key in ("items", "matches")
        )
        rule = rules[(method, path)]
        own = rule.resource is not None and rule.resource.key in OWN_RECORDS_OF
        if lists and rule.items is None and not own and (method, path) not in UNSCOPED_LISTS:
            undeclared.append((method, path))
    assert undeclared == []
