"""Numbers that cannot be stored or published are refused where they enter, with a 422.

Before, a bare ``Infinity`` (or ``1e999``, which JSON readers turn into infinity) for a salary,
a pass mark or a score was stored, then answered 500 (a retry stored it again), and its event
carried non-standard JSON; integers of 2**63 or more, months ``0000-01`` and ``9999-12`` and
extreme ``as_of`` offsets answered 500.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from shared.contracts.training import AssessmentKind, WorkerAssessed
from shared.events.envelope import (
    InvalidEventError,
    UndecodableEventError,
    from_kafka,
    new_event,
    stamp_events,
    to_kafka,
)
from tests.deployment.stack import enterprise, job_order
from tests.intake.support import intake_app, person
from tests.support.auth import auth_headers
from tests.support.problems import error_locations
from tests.support.services import in_process, service_app, settings_env
from tests.training.support import (
    TODAY,
    Intake,
    course,
    course_body,
    enrol,
    known,
    provider,
    training_app,
)

NUMBER = "__number__"
NOT_FINITE = ["Infinity", "-Infinity", "NaN", "1e999", "-1e999"]
TOO_BIG = str(2**63)


def with_number(body: dict[str, Any], token: str) -> bytes:
    """Returns the body as JSON text with ``NUMBER`` replaced by the raw token."""
    return json.dumps(body).replace(f'"{NUMBER}"', token).encode()


async def post_raw(api: httpx.AsyncClient, path: str, body: bytes) -> httpx.Response:
    return await api.post(path, content=body, headers={"content-type": "application/json"})


def refused(response: httpx.Response) -> list[Any]:
    """Asserts a 422 and returns where each error lies."""
    assert response.status_code == 422, response.text
    return [list(loc) for loc in error_locations(response.json())]


@pytest.fixture
async def deployment(kafka_bootstrap: str, mongodb_url: str, unique: str) -> Any:
    env = settings_env("deployment", unique, kafka_bootstrap, mongodb_url)
    async with in_process(service_app("deployment", env), raise_app_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("token", NOT_FINITE)
async def test_a_salary_that_is_not_finite_is_422_and_not_stored(
    deployment: httpx.AsyncClient, store_client: AsyncMongoClient[dict], unique: str, token: str
) -> None:
    body = job_order(await enterprise(deployment))
    body["salary"] = {**body["salary"], "amount": NUMBER}
    locations = refused(await post_raw(deployment, "/job-orders", with_number(body, token)))
    assert locations in ([["body"]], [["body", "salary", "amount"]])
    assert await store_client[f"{unique}_deployment"]["job_orders"].count_documents({}) == 0


async def test_a_salary_in_vnd_beyond_64_bits_is_422_and_not_stored(
    deployment: httpx.AsyncClient, store_client: AsyncMongoClient[dict], unique: str
) -> None:
    body = job_order(await enterprise(deployment))
    body["salary"] = {**body["salary"], "vnd_equivalent": NUMBER}
    response = await post_raw(deployment, "/job-orders", with_number(body, TOO_BIG))
    assert refused(response) == [["body", "salary", "vnd_equivalent"]]
    assert await store_client[f"{unique}_deployment"]["job_orders"].count_documents({}) == 0


@pytest.fixture
async def training(kafka_bootstrap: str, mongodb_url: str, unique: str) -> Any:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app, raise_app_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("token", NOT_FINITE)
async def test_a_pass_mark_or_max_score_that_is_not_finite_is_422_and_not_stored(
    training: httpx.AsyncClient, store_client: AsyncMongoClient[dict], unique: str, token: str
) -> None:
    provider_id = await provider(training)
    for field in ("pass_mark", "max_score"):
        body = course_body(provider_id, **{field: NUMBER})
        locations = refused(await post_raw(training, "/courses", with_number(body, token)))
        assert locations in ([["body"]], [["body", field]])
    assert await store_client[f"{unique}_training"]["courses"].count_documents({}) == 0


async def test_a_score_that_is_not_finite_is_422_and_not_stored(
    training: httpx.AsyncClient, kafka_bootstrap: str, unique: str
) -> None:
    the_course = await course(training, course_body(await provider(training)))
    async with Intake(kafka_bootstrap, unique) as intake:
        worker = await intake.register()
    await known(training, worker, registered=True)
    enrolment_id = (await enrol(training, the_course["course_id"], worker)).json()["enrolment_id"]
    for token in NOT_FINITE:
        for field in ("score", "max_score", "pass_mark"):
            final = {
                "kind": "final",
                "enrolment_id": enrolment_id,
                "assessor": "Trung tâm Sơn La",
                "score": 80,
                "assessed_on": TODAY.isoformat(),
                field: NUMBER,
            }
            response = await post_raw(
                training, f"/workers/{worker}/assessments", with_number(final, token)
            )
            assert refused(response) in ([["body"]], [["body", field]])
    assert (await training.get(f"/workers/{worker}/training")).json()["assessments"] == []


async def test_a_loan_amount_beyond_64_bits_is_422_and_not_stored(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app, raise_app_exceptions=False) as api:
        worker = (await api.post("/workers", json=person(0))).json()["worker_id"]
        for field in ("amount_vnd", "cost_of_going_vnd"):
            loan = {
                "amount_vnd": 90_000_000,
                "purpose": "fees",
                "cost_of_going_vnd": 100_000_000,
                field: NUMBER,
            }
            for token in (TOO_BIG, "-" + TOO_BIG + "1"):
                response = await post_raw(api, f"/workers/{worker}/loans", with_number(loan, token))
                assert refused(response) == [["body", field]]
        assert (await api.get(f"/workers/{worker}/loans")).json()["items"] == []


@pytest.fixture
async def reporting(kafka_bootstrap: str, mongodb_url: str, unique: str) -> Any:
    env = settings_env("reporting", unique, kafka_bootstrap, mongodb_url)
    async with in_process(service_app("reporting", env), raise_app_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "1899-12", "3000-01", "2025-13"])
async def test_a_month_outside_the_report_years_is_422(
    reporting: httpx.AsyncClient, month: str
) -> None:
    path = f"/provinces/14/reports/monthly/{month}"
    assert refused(await reporting.get(path)) == [["path", "month"]]
    assert refused(await reporting.get(f"{path}/figures/departures/events")) == [["path", "month"]]


@pytest.mark.parametrize(
    "as_of",
    [
        "9999-12-31T23:59:59-01:00",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+01:00",
        "0001-01-01T00:00:00+23:59",
        "0001-01-01T00:00:00",
    ],
)
async def test_an_extreme_as_of_is_422(reporting: httpx.AsyncClient, as_of: str) -> None:
    monthly = await reporting.get("/provinces/14/reports/monthly/2025-07", params={"as_of": as_of})
    assert refused(monthly) == [["query", "as_of"]]
    period = {"from": "2025-01-01", "to": "2025-12-31", "as_of": as_of}
    assert refused(await reporting.get("/provinces/14/figures", params=period)) == [
        ["query", "as_of"]
    ]


@pytest.mark.parametrize(
    ("first", "last"), [("0001-01-01", "0001-12-31"), ("9999-01-01", "9999-12-31")]
)
async def test_a_period_outside_the_report_years_is_422(
    reporting: httpx.AsyncClient, first: str, last: str
) -> None:
    response = await reporting.get("/provinces/14/figures", params={"from": first, "to": last})
    assert response.status_code == 422, response.text


async def test_a_commune_target_beyond_64_bits_is_422(reporting: httpx.AsyncClient) -> None:
    manager = auth_headers("provincial_manager", "qm-14", province_code="14")
    body = {"province_target": 10, "communes": {"04036": NUMBER}}
    response = await reporting.put(
        "/provinces/14/targets/2025",
        content=with_number(body, TOO_BIG),
        headers={**manager, "content-type": "application/json"},
    )
    assert refused(response) == [["body", "communes", "04036"]]
    assert (await reporting.get("/provinces/14/targets/2025", headers=manager)).status_code in (
        200,
        404,
    )


def _assessed(score: float) -> WorkerAssessed:
    return WorkerAssessed.model_construct(
        worker_id="w-1",
        assessment_id="a-1",
        kind=AssessmentKind.FINAL,
        assessor="Trung tâm Sơn La",
        score=score,
        max_score=100.0,
        pass_mark=50.0,
        passed=True,
        assessed_on=TODAY,
        recorded_at=datetime.now(UTC),
    )


@pytest.mark.parametrize("score", [float("inf"), float("-inf"), float("nan")])
def test_an_event_with_a_number_that_is_not_finite_is_never_made(score: float) -> None:
    with pytest.raises(InvalidEventError, match="not finite"):
        stamp_events(
            [_assessed(score)],
            subject="w-1",
            after_sequence=0,
            source="training",
            correlation_id="c-1",
            now=datetime.now(UTC),
        )


def test_an_event_is_encoded_as_standard_json_or_not_at_all() -> None:
    event = new_event(
        _assessed(80.0),
        event_id="e-1",
        subject="w-1",
        sequence=1,
        source="training",
        time=datetime.now(UTC),
        correlation_id="c-1",
    )
    _, value, headers = to_kafka(event)
    assert from_kafka(value, headers).data == event.data
    poisoned = event.model_copy(update={"data": {**event.data, "score": float("inf")}})
    with pytest.raises(ValueError, match="JSON compliant"):
        to_kafka(poisoned)


@pytest.mark.parametrize(
    "token", ["Infinity", "-Infinity", "NaN", "1e999", TOO_BIG, "-" + TOO_BIG + "1"]
)
def test_an_event_read_with_a_number_that_cannot_be_stored_is_undecodable(token: str) -> None:
    event = new_event(
        _assessed(80.0),
        event_id="e-1",
        subject="w-1",
        sequence=1,
        source="training",
        time=datetime.now(UTC),
        correlation_id="c-1",
    )
    _, value, headers = to_kafka(event)
    poisoned = value.replace(b'"score":80.0', b'"score":' + token.encode())
    assert poisoned != value
    with pytest.raises(UndecodableEventError, match="number"):
        from_kafka(poisoned, headers)


@pytest.mark.parametrize("correlation", [b"x" * 129, b"has space", b"semi;colon", b""])
def test_an_event_read_with_a_malformed_correlation_id_is_undecodable(correlation: bytes) -> None:
    event = new_event(
        _assessed(80.0),
        event_id="e-1",
        subject="w-1",
        sequence=1,
        source="training",
        time=datetime.now(UTC),
        correlation_id="c-1",
    )
    _, value, headers = to_kafka(event)
    replaced = [(k, correlation if k == "ce_correlationid" else v) for k, v in headers]
    with pytest.raises(UndecodableEventError, match="correlationid"):
        from_kafka(value, replaced)
