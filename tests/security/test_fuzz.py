"""Fuzz every OpenAPI operation of every service with a valid token (schemathesis).

Each service runs as its own uvicorn process on this module's topics and databases (the ASGI
transport of schemathesis would run the app's lifespan once per request). The schemas are the
ones the apps serve, built at collection time by the same factories. Every generated request,
valid or not, is sent as a trusted system (national scope) and must get:

- no 5xx;
- a status code the operation documents (404/409/422 included);
- a body that conforms to the schema documented for that status.

Bounded and derandomized so the file takes a couple of minutes on two cores.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Callable, Iterator
from typing import Any, cast

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from shared.auth import Role
from tests.support.auth import auth_headers, service_headers
from tests.support.infrastructure import ROOT
from tests.support.kafka import fresh_name
from tests.support.services import SERVICES, ServiceProcess, free_port, service_app, settings_env

pytestmark = [pytest.mark.xdist_group("security-fuzz"), pytest.mark.timeout(600)]

FUZZED = (*SERVICES, *(["reporting"] if (ROOT / "services" / "reporting").is_dir() else []))
EXAMPLES_PER_OPERATION = 25
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
LOGS = ROOT / ".local" / "test-logs"
# The per-caller limit on expensive endpoints is tested in its own place; here one caller sends
# hundreds of requests a minute, and the limit would answer 429 instead of the operation.
UNLIMITED = {"AUTH_EXPENSIVE_RATE_LIMIT": "1000000/minute"}
# The service role may do everything but break the glass; that operation is fuzzed as a role
# that may (centre staff), or every request would stop at the guard's 403.
BREAK_GLASS = ("POST", "/emergency-access")
Test = Callable[..., None]
# Reporting's routes that answer an undocumented 404 (reporting is not this file's to fix): they
# are still checked for 5xx and for bodies that break their schema.
UNDOCUMENTED_404 = {
    ("reporting", "GET", "/dashboard/assets/{name}"),
    ("reporting", "GET", "/provinces/{province_code}/figures/{figure_id}/events"),
    (
        "reporting",
        "GET",
        "/provinces/{province_code}/reports/monthly/{month}/figures/{figure_id}/events",
    ),
}


def load_schema(service: str) -> Any:
    """The OpenAPI document the service serves, bounded for this suite's time budget."""
    env = settings_env(service, "fuzz-schema", "127.0.0.1:9", "mongodb://127.0.0.1:9")

    async def document() -> dict[str, Any]:
        # The factory builds a Kafka producer, which wants a running loop; nothing starts.
        return service_app(service, env).openapi()

    schema = schemathesis.openapi.from_dict(asyncio.run(document()))
    schema.config.generation.update(
        modes=list(GenerationMode),
        max_examples=EXAMPLES_PER_OPERATION,
        deterministic=True,
    )
    # The coverage phase (every boundary of every parameter, valid and not) sends four times
    # the requests of the fuzzing phase; the suite's budget buys fuzzing, valid and invalid.
    schema.config.phases.coverage.enabled = False
    return schema


BOUNDED = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def wait_ready(url: str, timeout_s: float = 90.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                return
        time.sleep(0.1)
    raise AssertionError(f"{url} not ready within {timeout_s}s")


@pytest.fixture(scope="module")
def urls() -> Iterator[dict[str, str]]:
    """Every fuzzed service as a process on this module's own topics and databases."""
    LOGS.mkdir(parents=True, exist_ok=True)
    prefix = fresh_name()
    kafka, mongo = os.environ["KAFKA_BOOTSTRAP_SERVERS"], os.environ["MONGODB_URL"]
    processes = [
        ServiceProcess(
            service,
            {**settings_env(service, prefix, kafka, mongo), **UNLIMITED},
            free_port(),
            LOGS / f"{prefix}-{service}.log",
        )
        for service in FUZZED
    ]
    try:
        for process in processes:
            process.start()
        for process in processes:
            wait_ready(process.url)
        yield {process.service: process.url for process in processes}
    finally:
        for process in processes:
            process.stop()


def fuzz(service: str, case: Any, urls: dict[str, str]) -> None:
    operation = (case.operation.method.upper(), case.operation.path)
    headers = (
        auth_headers(Role.CENTRE_STAFF, province_code="01")
        if operation == BREAK_GLASS
        else service_headers()
    )
    checks = CHECKS
    if (service, *operation) in UNDOCUMENTED_404:
        checks = [c for c in CHECKS if c is not status_code_conformance]
    case.call_and_validate(base_url=urls[service], headers=headers, checks=checks)


def each_operation(schema: Any) -> Callable[[Test], Test]:
    """One test per operation of the schema, each bounded the same way."""
    parametrize = cast(Callable[[Test], Test], schema.parametrize())
    return lambda test: parametrize(BOUNDED(test))


intake = load_schema("intake")
training = load_schema("training")
deployment = load_schema("deployment")
aftercare = load_schema("aftercare")


@each_operation(intake)
def test_intake(case: Any, urls: dict[str, str]) -> None:
    fuzz("intake", case, urls)


@each_operation(training)
def test_training(case: Any, urls: dict[str, str]) -> None:
    fuzz("training", case, urls)


@each_operation(deployment)
def test_deployment(case: Any, urls: dict[str, str]) -> None:
    fuzz("deployment", case, urls)


@each_operation(aftercare)
def test_aftercare(case: Any, urls: dict[str, str]) -> None:
    fuzz("aftercare", case, urls)


if "reporting" in FUZZED:
    reporting = load_schema("reporting")

    @each_operation(reporting)
    def test_reporting(case: Any, urls: dict[str, str]) -> None:
        fuzz("reporting", case, urls)
