"""``homeward retention``: the dry run lists what is past its period and changes nothing; the
run deletes it, hands workers due for erasure on, and sets the dead letters' retention."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from shared.events.topics import DEAD_LETTER_RETENTION_MS, Topic, dead_letter_topic
from shared.persistence.stores import memory_store
from shared.privacy.retention_job import enforce
from tests.intake.support import eventually, intake_app, person
from tests.operations.support import cli_env, homeward
from tests.support.services import in_process

NOW = datetime.now(UTC)
OLD = NOW - timedelta(days=6 * 365)
RECENT = NOW - timedelta(days=1)


def by_record(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(row["service"], row["record"]): row for row in report["records"]}


async def test_the_dry_run_lists_and_the_run_deletes(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any, tmp_path: Path
) -> None:
    intake = store_client[f"{unique}_intake"]
    await intake["import_jobs"].insert_many(
        [
            {"_id": "job-old", "sha256": "f-old", "finished_at": OLD},
            {"_id": "job-new", "sha256": "f-new", "finished_at": RECENT},
            {"_id": "job-again", "sha256": "f-old", "finished_at": None},  # still running
            {"_id": "job-done", "sha256": "f-done", "finished_at": OLD},
        ]
    )
    await intake["import_files"].insert_many(
        [{"_id": d, "content": b"cccd,phone"} for d in ("f-old", "f-new", "f-done")]
    )
    await intake["import_rows"].insert_many(
        [{"_id": "job-done#1", "job_id": "job-done"}, {"_id": "job-new#1", "job_id": "job-new"}]
    )
    await intake["idempotency_keys"].insert_many(
        [{"_id": "k-old", "claimed_at": OLD}, {"_id": "k-new", "claimed_at": RECENT}]
    )
    await intake["audit"].insert_many([{"_id": "a-old", "at": OLD}, {"_id": "a-new", "at": NOW}])
    withdrawn = {"status": "withdrawn", "journey": 1}
    await intake["workers"].insert_many(
        [
            {"_id": "w-gone", **withdrawn, "status_history": [{"at": OLD}]},
            {"_id": "w-recent", **withdrawn, "status_history": [{"at": RECENT}]},
        ]
    )
    aftercare = store_client[f"{unique}_aftercare"]
    await aftercare["cases"].insert_many(
        [
            {"_id": "w-closed", "summary": {"stage": "closed", "closed_at": OLD.isoformat()}},
            {"_id": "w-abroad", "summary": {"stage": "abroad", "closed_at": None}},
        ]
    )
    dlq = dead_letter_topic(f"{unique}.{Topic.INTAKE}")
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(dlq, 1, 1, topic_configs={"retention.ms": "-1", "cleanup.policy": "delete"})]
        )
        env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
        services = ("--service", "intake", "--service", "aftercare")

        dry = await homeward(env, "retention", "run", "--dry-run", "--json", *services)
        listed = by_record(json.loads(dry.stdout))
        assert listed[("intake", "import files (spreadsheets as uploaded)")]["ids"] == ["f-done"]
        assert listed[("intake", "import row results")]["ids"] == ["job-done", "job-old"]
        assert listed[("intake", "idempotency keys and their stored answers")]["ids"] == ["k-old"]
        assert listed[("intake", "audit entries")]["ids"] == ["a-old"]
        erase = listed[("intake", "withdrawn cases of workers never sent abroad")]
        assert erase["ids"] == ["w-gone"]
        assert listed[("aftercare", "closed aftercare cases")]["ids"] == ["w-closed"]
        assert all(row["done"] == 0 for row in listed.values())
        assert json.loads(dry.stdout)["dead_letter_topics"] == [
            {"topic": dlq, "was": "-1", "now": DEAD_LETTER_RETENTION_MS}
        ]
        assert await intake["import_files"].count_documents({}) == 3

        applied = by_record(json.loads((await homeward(env, "retention", "run", "--json",
                                                       *services)).stdout))  # fmt: skip
        assert applied[("intake", "audit entries")]["done"] == 1
        assert applied[("aftercare", "closed aftercare cases")]["pending"]  # no erasure here
        assert sorted(await intake["import_files"].distinct("_id")) == ["f-new", "f-old"]
        assert await intake["import_rows"].distinct("_id") == ["job-new#1"]
        assert await intake["idempotency_keys"].distinct("_id") == ["k-new"]
        assert await intake["audit"].distinct("_id") == ["a-new"]
        [described] = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, dlq)])
        configs = {entry[0]: entry[1] for entry in described.resources[0][4]}
        assert configs["retention.ms"] == DEAD_LETTER_RETENTION_MS
        assert configs["cleanup.policy"] == "delete"

        table = json.loads((await homeward(env, "retention", "table", "--json")).output)
        assert {"import files (spreadsheets as uploaded)", "audit entries"} <= {
            row["record"] for row in table
        }
    finally:
        await admin.delete_topics([dlq])
        await admin.close()


async def test_closed_cases_past_their_period_are_handed_to_the_erasure_path() -> None:
    store = memory_store("aftercare")
    await store.collection("cases").insert(
        {"_id": "w-closed", "summary": {"stage": "closed", "closed_at": OLD.isoformat()}}
    )
    await store.collection("cases").insert(
        {"_id": "w-recent", "summary": {"stage": "closed", "closed_at": RECENT.isoformat()}}
    )
    erased: list[tuple[str, str]] = []

    async def erase(worker_id: str, reason: str) -> bool:
        erased.append((worker_id, reason))
        return True

    dry = await enforce({"aftercare": store}, NOW, dry_run=True, eraser=erase)
    assert erased == []
    assert [d.ids for d in dry if d.rule.where == "cases"] == [["w-closed"]]
    report = await enforce({"aftercare": store}, NOW, dry_run=False, eraser=erase)
    assert erased == [("w-closed", "retention: closed aftercare cases, 5 years")]
    assert [(d.done, d.pending) for d in report if d.rule.where == "cases"] == [(1, None)]


async def test_the_run_erases_the_workers_whose_closed_case_is_past_its_period(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any, tmp_path: Path
) -> None:
    """The CLI erases through intake's erasure path: the data key destroyed, the record
    de-identified, ``worker.erased`` in its outbox for intake's relay; a worker under a legal
    hold is left and named pending. A dry run erases nobody."""
    keys = store_client[f"{unique}_keys"]["data_keys"]
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        her, held = [
            (await api.post("/workers", json=person(n))).json()["worker_id"] for n in (5, 6)
        ]

        async def sealed() -> bool:
            return await keys.count_documents({"_id": {"$in": [her, held]}}) == 2

        assert await eventually(sealed), "the relay made both data keys"
    aftercare = store_client[f"{unique}_aftercare"]
    closed = {"summary": {"stage": "closed", "closed_at": OLD.isoformat()}}
    await aftercare["cases"].insert_many([{"_id": her, **closed}, {"_id": held, **closed}])
    intake = store_client[f"{unique}_intake"]
    await intake["legal_holds"].insert_one({"_id": held, "incidents": {"i-1": {"open": True}}})
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)

    async def closed_cases(*flags: str, master_key_file: Path | None = None) -> dict[str, Any]:
        where = {} if master_key_file is None else {"MASTER_KEY_FILE": str(master_key_file)}
        result = await homeward({**env, **where}, "retention", "run", "--service", "aftercare",
                                "--json", *flags)  # fmt: skip
        report = json.loads(result.stdout)  # log lines go to stderr
        return by_record(report)[("aftercare", "closed aftercare cases")]

    listed = await closed_cases("--dry-run")
    assert (sorted(listed["ids"]), listed["done"]) == (sorted([her, held]), 0)
    assert (await intake["workers"].find_one({"_id": her}))["full_name"] == person(5)["full_name"]

    # without the master key file the rejected rows' import files cannot be found: nobody
    # is erased, and the run says why
    keyless = await closed_cases(master_key_file=tmp_path / "absent" / "master-keys.json")
    assert (keyless["due"], keyless["done"]) == (2, 0)
    assert "master key file" in keyless["pending"]
    assert (await intake["workers"].find_one({"_id": her}))["full_name"] == person(5)["full_name"]

    applied = await closed_cases()
    assert (applied["due"], applied["done"]) == (2, 1)
    assert "held" in applied["pending"]
    erased = await intake["workers"].find_one({"_id": her})
    assert (erased["full_name"], erased["erasure_grounds"]) == ("", "purpose_ended")
    assert person(5)["phone"].replace(" ", "") not in str(erased)
    assert erased["outbox"][-1]["type"] == "worker.erased"
    assert erased["outbox"][-1]["data"]["erased_by"] == "retention-job"
    assert "wrapped" not in await keys.find_one({"_id": her})
    assert "wrapped" in await keys.find_one({"_id": held})
    assert (await intake["workers"].find_one({"_id": held}))["full_name"] != ""

    await aftercare["cases"].update_one({"_id": her}, {"$set": {"erased": True}})  # heard
    assert (await closed_cases("--dry-run"))["ids"] == [held]
