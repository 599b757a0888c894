"""``homeward breach``: who read a worker's data in a period; whose data a key, a service or a
window of access exposes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.operations.support import cli_env, homeward

NOW = datetime.now(UTC)


def entry(n: int, service: str, worker: str | None, method: str, days_ago: int) -> dict[str, Any]:
    return {
        "_id": f"e-{n}",
        "at": NOW - timedelta(days=days_ago),
        "service": service,
        "subject": f"officer-{n}",
        "name": None,
        "role": "commune_officer",
        "method": method,
        "path": f"/workers/{worker}",
        "worker_id": worker,
        "status": 200,
    }


async def test_readers_and_exposure(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any, tmp_path: Path
) -> None:
    await store_client[f"{unique}_intake"]["audit"].insert_many(
        [
            entry(1, "intake", "w-1", "GET", 10),
            entry(2, "intake", "w-1", "PATCH", 2),
            entry(3, "intake", "w-2", "GET", 1),
        ]
    )
    await store_client[f"{unique}_aftercare"]["audit"].insert_many(
        [entry(4, "aftercare", "w-1", "GET", 1), entry(5, "aftercare", None, "GET", 1)]
    )
    await store_client[f"{unique}_intake"]["workers"].insert_many(
        [{"_id": "w-1"}, {"_id": "w-2"}, {"_id": "w-3"}]
    )
    await store_client[f"{unique}_keys"]["data_keys"].insert_many(
        [
            {"_id": "w-1", "master": "m-2026", "wrapped": b"k1"},
            {"_id": "w-2", "master": "m-2026", "wrapped": b"k2"},
            {"_id": "w-3", "master": "m-2025", "wrapped": b"k3"},
            {"_id": "w-4", "master": "m-2026"},  # erased: nothing left to open
        ]
    )
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)

    async def cli(*args: str) -> dict[str, Any]:
        result: dict[str, Any] = json.loads((await homeward(env, "breach", *args)).output)
        return result

    reads = (await cli("readers", "w-1", "--since", "5d", "--json"))["reads"]
    assert [(r["service"], r["subject"]) for r in reads] == [("aftercare", "officer-4")]
    every = (await cli("readers", "w-1", "--with-changes", "--json"))["reads"]
    assert [r["subject"] for r in every] == ["officer-1", "officer-2", "officer-4"]

    def workers(report: dict[str, Any]) -> list[str]:
        return [w["worker_id"] for w in report["workers"]]

    assert workers(await cli("exposure", "--key", "m-2026", "--json")) == ["w-1", "w-2"]
    assert workers(await cli("exposure", "--key", "w-3", "--json")) == ["w-3"]
    assert workers(await cli("exposure", "--service", "intake", "--json")) == ["w-1", "w-2", "w-3"]
    window = await cli("exposure", "--since", "3d", "--json")
    assert workers(window) == ["w-1", "w-2"]
    assert window["workers"][0]["why"] == [
        "changed through intake in the window",
        "read through aftercare in the window",
    ]
    scoped = await cli("exposure", "--service", "aftercare", "--since", "3d", "--json")
    assert workers(scoped) == ["w-1"]
    refused = await homeward(env, "breach", "exposure", expect=1)
    assert "name a --key" in refused.output
    for beyond in ("99999999999d", "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"):
        refused = await homeward(env, "breach", "readers", "w-1", "--since", beyond, expect=1)
        assert "--since and --until take an ISO time" in refused.output, refused.exception


async def test_the_commands_refuse_what_they_cannot_read(
    kafka_bootstrap: str, mongodb_url: str, unique: str, tmp_path: Path
) -> None:
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    bad_time = await homeward(env, "breach", "readers", "w-1", "--since", "last tuesday", expect=1)
    assert "ISO time or a duration" in bad_time.output
    bad_service = await homeward(env, "breach", "exposure", "--service", "payroll", expect=1)
    assert "unknown service payroll" in bad_service.output
    unknown = await homeward(env, "retention", "run", "--service", "payroll", expect=2)
    assert "payroll" in unknown.output
