"""Reporting's facts as the store keeps them, against the real broker and store: one document
per worker, found by every province the worker was ever registered in; every report the API
answers equals the pure domain's computation from the events on the topics (with the Kafka
timestamps they got), as of two moments, in both units, for a province, a commune and the
province a worker moved to; a figure's events are the domain's; and a rebuild of the view
(each worker folded at once, each document inserted once) gives the live consumer's documents."""

from __future__ import annotations

import asyncio
import json
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.reporting import store
from services.reporting.domain.exports import report_json
from services.reporting.domain.facts import Fact, fact_of, facts_with_ids
from services.reporting.domain.figures import Period, Scope, Units, compute_report
from services.reporting.domain.targets import Targets
from services.reporting.domain.units import current_communes
from services.reporting.handlers import FACT_TOPICS
from services.reporting.models import FactView, ReportView
from shared.contracts import intake as it
from shared.contracts.common import Gender, HouseholdStatus, Locality
from shared.events.envelope import EventEnvelope, decode_payload, from_kafka, new_event
from shared.kafka import client_options
from shared.rebuild import rebuild_view, subscriptions_of
from shared.settings import ServiceSettings
from tests.reporting.history import (
    COUNTED_TYPES,
    OTHER_PROVINCE,
    PROVINCE,
    WorkerTruth,
    events_of,
    generate,
)
from tests.reporting.support import publish, wait_for_facts
from tests.support.services import in_process, service_app, settings_env
from tools.generator.verify import read_topics

pytestmark = pytest.mark.infra
SEED = 23
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
FORMER_PROVINCE = "28"
"""Where the worker who moves lived before 2025 (no other worker of the history did)."""


async def test_reports_over_the_store_equal_the_domain_computation_from_the_events(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[Any]
) -> None:
    truths = generate(SEED, workers=60)
    history = events_of(truths, SEED)
    mover = next(
        t
        for t in truths
        if t.province == PROVINCE
        and not t.merged
        and any(d.counts and d.on.year == 2025 for d in t.departures)
    )
    rng = random.Random(SEED)
    arrival = [*history, *rng.sample(history, 15)]  # redelivered events too
    rng.shuffle(arrival)
    counted = len({e.id for e in history if e.type in COUNTED_TYPES})
    app = service_app("reporting", settings_env("reporting", unique, kafka_bootstrap, mongodb_url))

    async with in_process(app) as api:
        body = {"province_target": 12, "communes": {mover.commune: 2}}
        response = await api.put(f"/provinces/{PROVINCE}/targets/2025", json=body)
        assert response.status_code == 200, response.text
        targets = [Targets.model_validate(response.json())]
        await publish(kafka_bootstrap, unique, arrival)
        await wait_for_facts(api, counted)
        before_the_move = await _a_moment_from_now()
        # The mover's record is corrected: today in the other province, before 2025 in a third.
        await publish(kafka_bootstrap, unique, [_moved(mover, SEED)])
        await wait_for_facts(api, counted + 1)
        after_the_move = await _a_moment_from_now()

        facts = await _facts_on_the_topics(kafka_bootstrap, unique)
        assert len(facts) == counted + 1
        compared = 0
        for as_of in (before_the_move, after_the_move):
            for scope, period in _reports(mover):
                expected = compute_report(
                    facts,
                    scope,
                    period,
                    as_of,
                    targets if scope.province_code == PROVINCE else [],
                    current_communes(scope.province_code) if scope.units == Units.CURRENT else None,
                )
                params = {
                    "from": period.starts_on.isoformat(),
                    "to": period.ends_on.isoformat(),
                    "units": scope.units.value,
                    "as_of": as_of.isoformat(),
                }
                if scope.commune_code is not None:
                    params["commune"] = scope.commune_code
                path = f"/provinces/{scope.province_code}/figures"
                answer = await api.get(path, params=params)
                assert answer.status_code == 200, answer.text
                assert answer.json() == _as_json(expected), (scope, period, as_of)
                compared += 1
                if scope == Scope(PROVINCE) and period == YEAR:
                    for figure_id in ("departures", "abroad", "loans_granted", "registrations"):
                        figure = expected.figure(figure_id)
                        assert figure is not None
                        assert figure.evidence, figure_id
                        drilled = await api.get(f"{path}/{figure_id}/events", params=params)
                        assert drilled.status_code == 200, drilled.text
                        assert drilled.json()["events"] == [
                            FactView.of(f).model_dump(mode="json")
                            for f in facts_with_ids(facts, figure.evidence)
                        ]
        assert compared == 2 * len(_reports(mover))

        # The move happened between the two moments: the mover's departures changed province.
        def departures(province: str, as_of: datetime) -> int:
            value = compute_report(facts, Scope(province), YEAR, as_of).value("departures")
            assert isinstance(value, int)
            return value

        assert departures(PROVINCE, before_the_move) == departures(PROVINCE, after_the_move) + 1
        assert departures(OTHER_PROVINCE, after_the_move) == (
            departures(OTHER_PROVINCE, before_the_move) + 1
        )

        database = store_client[f"{unique}_reporting"]
        live = await _documents(database, store.FACTS)
        _assert_one_document_per_worker(live, facts, mover)
        assert await database[store.FACTS].count_documents({"province_codes": PROVINCE}) == len(
            {t.worker_id for t in truths if t.province == PROVINCE}
        )

        subscription = next(
            s for s in subscriptions_of(app.state.runtime) if s.projection.name == "facts"
        )
        options = client_options(ServiceSettings(kafka_bootstrap_servers=kafka_bootstrap))
        rebuilt = await rebuild_view(database, subscription, options, switch=False)
        assert rebuilt.documents == len(live)
        assert await _documents(database, rebuilt.rebuilt_as) == live


def _reports(mover: WorkerTruth) -> list[tuple[Scope, Period]]:
    """The reports compared: province and commune, both units, the mover's provinces."""
    return [
        (Scope(PROVINCE), YEAR),
        (Scope(PROVINCE), Period.month("2025-07")),
        (Scope(PROVINCE, commune_code=mover.commune), YEAR),
        (Scope(PROVINCE, Units.FORMER), YEAR),
        (Scope(OTHER_PROVINCE), YEAR),
        (Scope(FORMER_PROVINCE, Units.FORMER), YEAR),
    ]


def _moved(truth: WorkerTruth, seed: int) -> EventEnvelope:
    """A correction of the worker's record, recorded now: they live in the other province."""
    now = datetime.now(UTC)
    commune = sorted(current_communes(OTHER_PROVINCE))[0]
    return new_event(
        it.WorkerCorrected(
            worker_id=truth.worker_id,
            revision=3,
            changed_fields=["locality"],
            full_name="Lò Văn A",
            date_of_birth=date(1998, 5, 1),
            gender=Gender(truth.gender),
            ethnic_minority=truth.ethnic_minority,
            household_status=HouseholdStatus(truth.household),
            locality=Locality(
                province_code=OTHER_PROVINCE,
                commune_code=commune,
                former_province_code=FORMER_PROVINCE,
                former_district_code="271",
                former_commune_code="10000",
            ),
            support=it.SupportEligibility(
                subproject2=True, training_cost_support=True, preferential_loan=True
            ),
            corrected_by="cb-02",
            corrected_at=now,
        ),
        event_id=f"moved-{seed}-{truth.worker_id}",
        subject=truth.worker_id,
        sequence=100,
        source="intake",
        time=now,
        correlation_id="history",
    )


async def _a_moment_from_now() -> datetime:
    """A whole second after everything published so far reached Kafka, once it has passed."""
    moment = (datetime.now(UTC) + timedelta(seconds=1)).replace(microsecond=0)
    await asyncio.sleep((moment - datetime.now(UTC)).total_seconds() + 0.05)
    return moment


async def _facts_on_the_topics(bootstrap: str, prefix: str) -> list[Fact]:
    """The facts the domain makes of every counted event on the topics, each event once (its
    first record: a redelivered event lies later in the same partition), received at its
    record's Kafka timestamp."""
    topics = [f"{prefix}.{topic}" for topic in FACT_TOPICS]
    facts: dict[str, Fact] = {}
    for records in (await read_topics(bootstrap, topics)).values():
        for record in records:
            envelope = from_kafka(record.value, record.headers)
            if envelope.type not in COUNTED_TYPES or envelope.id in facts:
                continue
            received_at = datetime.fromtimestamp(record.timestamp / 1000, UTC)
            fact = fact_of(envelope, decode_payload(envelope), received_at)
            assert fact is not None
            facts[envelope.id] = fact
    return list(facts.values())


def _as_json(report: Any) -> Any:
    """The report as the API answers it."""
    return json.loads(ReportView.model_validate(report_json(report)).model_dump_json())


async def _documents(database: Any, collection: str) -> dict[str, dict[str, Any]]:
    """The view's documents by worker, as the projection wrote them (no version history)."""
    found: dict[str, dict[str, Any]] = {}
    async for document in database[collection].find({}, {"outbox": 0}):
        found[document["_id"]] = {
            "facts": store.worker_facts(document),
            "packed": document["facts"],
            "fact_count": document["fact_count"],
            "province_codes": document["province_codes"],
            "former_province_codes": document["former_province_codes"],
            "applied": sorted(document["applied"]),
        }
    return found


def _assert_one_document_per_worker(
    documents: dict[str, dict[str, Any]], facts: list[Fact], mover: WorkerTruth
) -> None:
    by_worker: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_worker[fact.worker_id].append(fact)
    assert set(documents) == set(by_worker)
    for worker_id, document in documents.items():
        mine = sorted(by_worker[worker_id], key=lambda f: f.event_id)
        assert document["facts"] == mine
        assert document["fact_count"] == len(mine)
        assert document["applied"] == [f.event_id for f in mine]
        assert document["province_codes"] == sorted(
            {f.province_code for f in mine if f.province_code}
        )
        assert document["former_province_codes"] == sorted(
            {f.former_province_code for f in mine if f.former_province_code}
        )
    assert documents[mover.worker_id]["province_codes"] == sorted((PROVINCE, OTHER_PROVINCE))
    assert documents[mover.worker_id]["former_province_codes"] == sorted(
        (PROVINCE, FORMER_PROVINCE)
    )
