"""Idempotency keys, emergency grants and the audit trail on the in-memory store: their rules
hold on the seam's ports alone (the service tests run them on the real store)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.auth import Role
from shared.auth.audit import AUDIT, GRANTS, AuditTrail, AuditWriteError, prepare_audit
from shared.auth.emergency import EmergencyGrants, TooManyGrantsError, prepare_grants
from shared.auth.guard import _stamp
from shared.auth.principal import Principal
from shared.idempotency import Answer, IdempotencyConflictError, IdempotencyKeys, fingerprint
from shared.pages import Pages
from shared.persistence.stores import Store, memory_store

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
OFFICER = Principal(subject="officer-a", role=Role.COMMUNE_OFFICER)
AUDITOR = Principal(subject="auditor-1", role=Role.AUDITOR)


@pytest.fixture
def memory() -> Store:
    return memory_store()


async def test_a_retried_request_gets_the_first_answer_and_creates_once(memory: Store) -> None:
    keys = IdempotencyKeys.of(memory)
    created: list[str | None] = []

    async def create(record_id: str | None) -> Answer:
        created.append(record_id)
        await asyncio.sleep(0)
        return Answer(201, {"id": record_id})

    first = await keys.run("workers", "key-00001", {"n": 1}, create, now=NOW)
    again = await keys.run("workers", "key-00001", {"n": 1}, create, now=NOW)
    with pytest.raises(IdempotencyConflictError) as other_body:
        await keys.run("workers", "key-00001", {"n": 2}, create, now=NOW)

    assert len(created) == 1
    assert json.loads(bytes(first.body)) == json.loads(bytes(again.body)) == {"id": created[0]}
    assert other_body.value.status_code == 422


async def test_a_stale_claim_is_taken_over_by_exactly_one_retry(memory: Store) -> None:
    keys = IdempotencyKeys.of(memory)
    hashed = fingerprint({"n": 1})
    claim = {"_id": "workers\nkey-00002", "hash": hashed, "state": "in_progress", "claimed_at": NOW}
    await keys.collection.insert(claim)
    later = NOW + timedelta(minutes=5)
    created: list[str | None] = []

    async def create(record_id: str | None) -> Answer:
        created.append(record_id)
        await asyncio.sleep(0.01)
        return Answer(201, {"id": record_id})

    outcomes = await asyncio.gather(
        *(keys.run("workers", "key-00002", {"n": 1}, create, now=later) for _ in range(4)),
        return_exceptions=True,
    )

    assert len(created) == 1
    refused = [o for o in outcomes if isinstance(o, IdempotencyConflictError)]
    assert len(refused) == 3
    assert {r.status_code for r in refused} == {409}


async def test_grants_are_capped_a_day_even_when_opened_at_once(memory: Store) -> None:
    await prepare_grants(memory.collection(GRANTS))
    grants = EmergencyGrants(memory.collection(GRANTS), "intake", 2, lambda: NOW)

    opened = await asyncio.gather(
        *(grants.open(OFFICER, f"w-{n}", "family unreachable", 30) for n in range(5)),
        return_exceptions=True,
    )

    assert sum(1 for o in opened if isinstance(o, TooManyGrantsError)) == 3
    assert await grants.is_open(OFFICER, "w-0") or await grants.is_open(OFFICER, "w-4")
    assert len(await grants.listed(None, Pages.first(10))) == 2


async def test_a_grant_revoked_twice_at_once_keeps_one_revocation(memory: Store) -> None:
    await prepare_grants(memory.collection(GRANTS))
    grants = EmergencyGrants(memory.collection(GRANTS), "intake", 3, lambda: NOW)
    grant = await grants.open(OFFICER, "w-1", "family unreachable", 30)

    mine, theirs = await asyncio.gather(
        grants.revoke(grant["_id"], OFFICER, any_holder=False),
        grants.revoke(grant["_id"], AUDITOR, any_holder=True),
    )

    assert mine is not None
    assert theirs is not None
    stored = await memory.collection(GRANTS).get(grant["_id"])
    assert stored is not None
    assert stored["version"] == 2
    assert mine["revoked_by"] == theirs["revoked_by"] == stored["revoked_by"]
    assert not await grants.is_open(OFFICER, "w-1")


async def test_an_audit_entry_the_store_refuses_fails_only_its_own_request(memory: Store) -> None:
    audit = memory.collection(AUDIT)
    await prepare_audit(audit)
    await audit.ensure_indexes([("one_per_correlation", [("correlation_id", 1)], True)])
    trail = AuditTrail(audit, flush_interval_s=0.01)
    entries = [
        {"_id": f"e{n}", "at": NOW, "correlation_id": "same" if n < 3 else f"c{n}"}
        for n in range(6)
    ]

    outcomes = await asyncio.gather(*(trail.record(e) for e in entries), return_exceptions=True)

    assert [isinstance(o, AuditWriteError) for o in outcomes] == [False, True, True] + [False] * 3
    assert trail.inserts == 1
    stored = await trail.query(
        worker_id=None, subject=None, since=None, until=None, before=None, limit=10
    )
    assert [e["_id"] for e in stored] == ["e5", "e4", "e3", "e0"]


@given(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)))
def test_an_audit_entry_id_starts_with_its_instant_as_strftime_writes_it(moment: datetime) -> None:
    # entries are listed newest first by id: its time part must sort as the instants do
    assert _stamp(moment) == f"{moment:%Y%m%dT%H%M%S%f}"
