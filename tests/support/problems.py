"""Reading an error answer in tests: a problem document (RFC 9457, see docs/api.md).

Tests read errors through these functions, so a change of the error contract is made here once
instead of in every test.
"""

from __future__ import annotations

from typing import Any

import httpx

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://homeward.example/problems/"


def error_locations(body: dict[str, Any]) -> list[tuple[str | int, ...]]:
    """The location of each field the error names (`("body", "salary")`), in order."""
    return [tuple(item["loc"]) for item in body.get("errors") or []]


def error_codes(body: dict[str, Any]) -> list[str]:
    """The code of each field the error names (`missing`, `value_error`), in order."""
    return [str(item["code"]) for item in body.get("errors") or []]


def error_text(body: dict[str, Any]) -> str:
    """Everything the error says in words, one string, for `in` checks."""
    fields = [
        f"{'.'.join(map(str, item['loc']))}: {item['message']} [{item['code']}]"
        for item in body.get("errors") or []
    ]
    return "; ".join([str(body.get("detail", "")), *fields])


def assert_problem(
    response: httpx.Response, status: int, code: str | None = None
) -> dict[str, Any]:
    """Checks the answer is a problem document of ``status`` (and ``code``); returns it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(MEDIA_TYPE), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"] == TYPE_BASE + body["code"]
    assert isinstance(body["title"], str)
    assert body["title"]
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert isinstance(body["errors"], list)
    if code is not None:
        assert body["code"] == code, body
    return body


CORE = ("type", "title", "status", "detail", "code", "errors")


def detail_and_members(body: dict[str, Any]) -> dict[str, Any]:
    """The error's detail and the members its class adds (a conflict's state), without the
    members every problem document has."""
    members = {k: v for k, v in body.items() if k not in CORE}
    return {"detail": body.get("detail"), **members}


def field_errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Each field the error names, as ``{"loc": [...], "msg": ..., "type": ...}``."""
    return [
        {"loc": list(item["loc"]), "msg": item["message"], "type": item["code"]}
        for item in body.get("errors") or []
    ]
