"""Every list operation of every service keeps the one list contract (docs/api.md): a page
`{items, next_cursor}` of at most `limit` items (422 above the cap), walked with `next_cursor`
and a `Link: rel="next"` header to every item exactly once; a forged cursor is 422 naming
`cursor`. List operations are found from each service's OpenAPI, by their answer's schema."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from shared.pages import MAX_LIMIT
from tests.intake.support import person
from tests.support.problems import assert_problem, error_locations
from tests.support.services import in_process, service_app, settings_env
from tools.security_doc import SERVICES

PATH_VALUES = {"province_code": "51", "period": "2026"}
REQUIRED_QUERY = {"by": "province"}


def _schema(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    reference = schema.get("$ref", "")
    if not reference:
        return schema
    found: dict[str, Any] = document["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    return found


def list_operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The GET operations whose answer is a page; fails on any that answers a bare array."""
    found = []
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        content = operation["responses"].get("200", {}).get("content", {})
        schema = _schema(document, content.get("application/json", {}).get("schema", {}))
        assert schema.get("type") != "array", f"GET {path} answers an unbounded array"
        if {"items", "next_cursor"} <= set(schema.get("properties", {})):
            found.append((path, operation))
    return found


def _url(path: str, worker_id: str) -> str:
    for name, value in {**PATH_VALUES, "worker_id": worker_id}.items():
        path = path.replace("{" + name + "}", value)
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + "no-such-record" + path[end + 1 :]
    return path


async def _walk(api: httpx.AsyncClient, url: str, query: dict[str, Any], limit: int) -> list[str]:
    """Every item of the list, ``limit`` a page, following `next_cursor` and the Link header."""
    seen: list[str] = []
    answer = await api.get(url, params={**query, "limit": limit})
    while True:
        assert answer.status_code == 200, (url, answer.text)
        page = answer.json()
        assert set(page) == {"items", "next_cursor"}, url
        assert len(page["items"]) <= limit
        seen += [json.dumps(item, sort_keys=True) for item in page["items"]]
        if page["next_cursor"] is None:
            assert "link" not in answer.headers, url
            return seen
        link = answer.headers["link"]
        assert link.startswith("<"), link
        assert link.endswith('>; rel="next"'), link
        # a URI reference (RFC 8288), resolved against the request's URL (RFC 3986)
        answer = await api.get(answer.url.join(link[1 : -len('>; rel="next"')]))


@pytest.mark.parametrize("service", SERVICES)
async def test_every_list_operation_keeps_the_list_contract(
    service: str, kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = service_app(service, settings_env(service, unique, kafka_bootstrap, mongodb_url))
    walked = 0
    async with in_process(app, ready=service == "intake") as api:
        worker_id = "w-none"
        if service == "intake":  # a seeded store: three workers, their audit entries
            ids = [
                (await api.post("/workers", json=person(n))).json()["worker_id"] for n in (1, 2, 3)
            ]
            worker_id = ids[0]
        operations = list_operations(app.openapi())
        assert operations, service
        for path, operation in operations:
            params = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
            if "cursor" not in params:  # a short list, always whole: one page, never more
                whole = await api.get(_url(path, worker_id))
                assert whole.status_code == 200, (path, whole.text)
                assert whole.json()["next_cursor"] is None, path
                assert len(whole.json()["items"]) <= MAX_LIMIT, path
                continue
            assert "limit" in params, path
            cap = params["limit"]["schema"]["maximum"]
            url = _url(path, worker_id)
            query = {k: v for k, v in REQUIRED_QUERY.items() if k in params}
            over = await api.get(url, params={**query, "limit": cap + 1})
            assert error_locations(assert_problem(over, 422)) == [("query", "limit")], path
            whole = await api.get(url, params={**query, "limit": cap})
            if whole.status_code != 200:  # a list of a record this store does not hold
                assert_problem(whole, 404)
                continue
            forged = await api.get(url, params={**query, "cursor": "forged.0123456789abcdef"})
            assert error_locations(assert_problem(forged, 422)) == [("query", "cursor")], path
            everything = [json.dumps(item, sort_keys=True) for item in whole.json()["items"]]
            if whole.json()["next_cursor"] is None:  # all in one page: walk it one by one
                seen = await _walk(api, url, query, 1)
                assert sorted(seen) == sorted(everything), path
            else:  # longer than the cap (the reference data's units): walk it a page at a time
                seen = await _walk(api, url, query, cap)
                assert seen[:cap] == everything, path
            assert len(set(seen)) == len(seen), path
            walked += len(seen) > 1
    if service == "intake":
        assert walked >= 2  # /workers and /audit, at least, took more than one page
