"""Migrating cases in progress: per-row results, the stage events, a re-run that adds nothing."""

from __future__ import annotations

from typing import Any

from aiokafka import ConsumerRecord

from shared.auth import Role
from shared.events.topics import Topic
from tests.intake.case_rows import LICENCE, case_row, csv_of
from tests.intake.samples import SON_LINH
from tests.intake.support import eventually, intake_app
from tests.support.auth import auth_headers
from tests.support.kafka import read_topic
from tests.support.services import in_process, service_app, settings_env

OFFICER = auth_headers(
    Role.COMMUNE_OFFICER,
    "cb-son-linh",
    province_code=SON_LINH["province_code"],
    commune_code=SON_LINH["commune_code"],
)
STAGES = ("registered", "trained", "placed", "abroad", "returned")
SENDER = {
    "name": "TTC Manpower JSC",
    "licence": {
        "number": LICENCE,
        "issuing_authority": "Ministry of Home Affairs",
        "valid_from": "2020-01-01",
        "valid_until": "2030-12-31",
    },
}


def _types(records: list[ConsumerRecord[bytes, bytes]]) -> list[str]:
    return [dict(r.headers)["ce_type"].decode() for r in records]


async def _finished(api: Any, job_id: str) -> dict[str, Any]:
    async def done() -> dict[str, Any] | None:
        job: dict[str, Any] = (await api.get(f"/imports/{job_id}")).json()
        return job if job["status"] in ("completed", "failed") else None

    job = await eventually(done, timeout_s=60)
    assert job is not None
    assert job["status"] == "completed", job
    return job


async def test_cases_at_each_stage_are_migrated_once_and_broken_rows_name_their_column(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    rows = [case_row(n, stage) for n, stage in enumerate(STAGES)] + [
        case_row(10, "abroad", departed_on="31/02/2025"),
        case_row(11, "trained", certificate_issued_on="01/01/2099"),
        case_row(12, "somewhere"),
        case_row(13, "abroad", contract_end="01/03/2025"),
        case_row(14, "placed", sender_licence_number="999/UNLICENSED"),
        case_row(15, "abroad", commune_code="21025"),  # another commune of the province
    ]
    content = csv_of(rows)
    env = settings_env("deployment", unique, kafka_bootstrap, mongodb_url)
    deployment = service_app("deployment", env)
    register = store_client[f"{unique}_intake"]["licence_register"]
    async with (
        in_process(deployment) as senders,
        in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api,
    ):
        assert (await senders.post("/enterprises", json=SENDER)).status_code == 201

        async def folded() -> int:
            return int(await register.count_documents({"licence_number": LICENCE}))

        assert await eventually(folded), "intake never read the sender's licence"

        submitted = await api.post(
            "/imports/cases",
            files={"file": ("son-linh-dang-o-nuoc-ngoai.csv", content, "text/csv")},
            headers=OFFICER,
        )
        assert submitted.status_code == 202, submitted.text
        assert submitted.json()["kind"] == "cases"
        job = await _finished(api, submitted.json()["job_id"])
        assert (job["created"], job["rejected"]) == (5, 6)

        results = {r["row"]: r for r in (await api.get(f"/imports/{job['job_id']}/results")).json()}
        assert [results[row]["outcome"] for row in range(2, 7)] == ["created"] * 5
        refused = {row: {p["column"] for p in results[row]["problems"]} for row in range(7, 13)}
        assert refused == {
            7: {"departed_on"},
            8: {"certificate_issued_on"},
            9: {"stage"},
            10: {"contract_end"},
            11: {"sender_licence_number"},
            12: {"commune_code"},
        }

        topic = f"{unique}.{Topic.INTAKE}"
        records = await read_topic(
            kafka_bootstrap, topic, until=lambda got: _types(got).count("worker.case-imported") >= 5
        )
        assert sorted(_types(records)) == ["worker.case-imported"] * 5 + ["worker.registered"] * 5
        placed = {results[row]["worker_id"] for row in (4, 5, 6)}
        imported = [r for r in records if dict(r.headers)["ce_type"] == b"worker.case-imported"]
        assert {r.key.decode() for r in imported if b'"placement":{' in r.value} == placed
        assert all(b'"imported":true' in r.value for r in imported)

        # a worker home when migrated may start the next journey; one abroad may not yet
        abroad, returned = results[5]["worker_id"], results[6]["worker_id"]
        next_journey = {"desired_markets": ["KR"]}
        assert (await api.post(f"/workers/{abroad}/journeys", json=next_journey)).status_code == 409
        started = await api.post(f"/workers/{returned}/journeys", json=next_journey)
        assert started.status_code == 201, started.text

        again = await api.post(
            "/imports/cases",
            files={"file": ("copy.csv", content, "text/csv")},
            headers=OFFICER,
        )
        rerun = await _finished(api, again.json()["job_id"])
        assert (rerun["created"], rerun["already_imported"], rerun["rejected"]) == (0, 5, 6)
        workers = store_client[f"{unique}_intake"]["workers"]
        assert await workers.count_documents({"outbox_pending": True}) == 0
        assert await workers.count_documents({"event_seq": {"$gt": 2}}) == 1  # the journey
        after = await read_topic(kafka_bootstrap, topic, until=lambda got: len(got) >= 11)
        assert len(after) == 11
