"""Every error of every service is a problem document (RFC 9457), documented so in the OpenAPI,
and said in Vietnamese unless the caller asks for English."""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import pytest

from shared.auth import Role
from shared.http import PROBLEM_CONTENT
from tests.intake.support import person
from tests.support.auth import auth_headers
from tests.support.problems import assert_problem, error_locations
from tests.support.services import in_process, service_app, settings_env
from tools.security_doc import SERVICES

MIB = 1 << 20
VI = {"Accept-Language": "vi"}
EN = {"Accept-Language": "en"}
AUDITOR = auth_headers(Role.AUDITOR, "auditor-problems")


@pytest.mark.parametrize("service", SERVICES)
async def test_every_documented_error_answer_is_a_problem_document(service: str) -> None:
    app = importlib.import_module(f"services.{service}.app").create_app()
    document = app.openapi()
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert set(schemas["Problem"]["required"]) >= {"type", "title", "status", "detail", "code"}
    errors = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if status[0] in "45":
                    errors += 1
                    assert answer["content"] == PROBLEM_CONTENT, (method, path, status)
    assert errors > 5


async def _refusals(api: httpx.AsyncClient, language: dict[str, str]) -> dict[int, httpx.Response]:
    """One real refusal of each kind every service gives, asked in ``language``."""
    return {
        401: await api.get("/audit", headers={**language, "Authorization": ""}),
        403: await api.post(
            "/emergency-access",
            json={"worker_id": "w-1", "reason": "x"},
            headers={**AUDITOR, **language},
        ),
        404: await api.delete("/emergency-access/no-such-grant", headers=language),
        405: await api.put("/audit", headers=language),
        413: await api.post(
            "/emergency-access",
            content=b"{" + b" " * (2 * MIB) + b"}",
            headers={**language, "content-type": "application/json"},
        ),
        422: await api.get("/audit", params={"limit": 0}, headers=language),
        431: await api.get(
            "/audit", headers={**language, **{f"X-Extra-{n}": "1" for n in range(150)}}
        ),
    }


def _check_both(vi: dict[int, httpx.Response], en: dict[int, httpx.Response]) -> None:
    for status in vi:
        said_vi = assert_problem(vi[status], status)
        said_en = assert_problem(en[status], status)
        assert vi[status].headers["content-language"] == "vi"
        assert en[status].headers["content-language"] == "en"
        assert said_vi["code"] == said_en["code"]
        assert said_vi["title"] != said_en["title"], status
        assert said_vi["detail"] != said_en["detail"], status
    assert error_locations(vi[422].json()) == [("query", "limit")]
    assert vi[422].json()["errors"][0]["code"] == "greater_than_equal"
    assert vi[422].json()["errors"][0]["message"] == "phải ít nhất là 1"
    assert en[422].json()["errors"][0]["message"] == "must be at least 1"


@pytest.mark.parametrize("service", SERVICES)
async def test_real_refusals_are_problem_documents_in_both_languages(
    service: str, kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = service_app(service, settings_env(service, unique, kafka_bootstrap, mongodb_url))
    async with in_process(app, ready=False) as api:
        vi = await _refusals(api, VI)
        en = await _refusals(api, EN)
        unasked = await api.get("/audit", params={"limit": 0}, headers={"Accept-Language": ""})
    _check_both(vi, en)
    assert unasked.headers["content-language"] == "vi"  # Vietnamese unless asked


async def test_intake_conflicts_and_field_rules_are_problem_documents_in_both_languages(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app: Any = service_app("intake", settings_env("intake", unique, kafka_bootstrap, mongodb_url))
    async with in_process(app) as api:
        worker = person(1)
        assert (await api.post("/workers", json=worker)).status_code == 201
        taken = [await api.post("/workers", json=worker, headers=h) for h in (VI, EN)]
        young = {**person(3), "date_of_birth": "2020-01-01"}
        minor = [await api.post("/workers", json=young, headers=h) for h in (VI, EN)]
        missing = [await api.get("/workers/no-such-worker", headers=h) for h in (VI, EN)]
    vi, en = (assert_problem(r, 409, "conflict") for r in taken)
    assert vi["detail"].startswith("số CCCD đã được đăng ký")
    assert en["detail"].startswith("national ID already registered")
    assert worker["national_id"] not in vi["detail"] + en["detail"]  # no personal data echoed
    vi, en = (assert_problem(r, 422, "validation_failed") for r in minor)
    assert ("body", "date_of_birth") in error_locations(vi)
    assert "người lao động phải từ 18 tuổi trở lên khi đăng ký" in vi["detail"]
    assert "the worker must be 18 or older when registered" in en["detail"]
    assert vi["errors"][0]["pointer"] == "#/date_of_birth"
    vi, en = (assert_problem(r, 404, "not_found") for r in missing)
    assert (vi["detail"], en["detail"]) == (
        "không tìm thấy người lao động no-such-worker",
        "worker no-such-worker not found",
    )
