"""Benchmark: the cost of sealing and opening personal fields per event, in one process.

    uv run python -m benchmarks.sealing --events 20000

Encodes ``worker.registered`` events (five personal fields) for Kafka plainly (``to_kafka``)
and sealed with their workers' data keys (``Sealer.encode``, keys cached after the first
event of each worker, as in a running service), then decodes them plainly and opened by a
reader of every personal field (keys loaded once per batch). The key store is in memory, so
the table shows the CPU per event, not the store's round trips (one per worker per cache
lifetime). Prints microseconds per event and events per second for each path.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from aiokafka import ConsumerRecord

from shared.contracts.common import Gender, HouseholdStatus, Locality
from shared.contracts.intake import FamilyContact, SupportEligibility, WorkerRegistered
from shared.events.envelope import EventEnvelope, decode_payload, from_kafka, new_event, to_kafka
from shared.persistence.stores import memory_store
from shared.privacy.keys import DATA_KEYS, DataKeys
from shared.privacy.masters import MasterKeyFile
from shared.privacy.personal import every_personal_field
from shared.privacy.sealing import Opener, Sealer

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def events(count: int, workers: int) -> list[EventEnvelope]:
    """``count`` registrations spread over ``workers`` workers."""
    made = []
    for n in range(count):
        worker = f"w-{n % workers}"
        payload = WorkerRegistered(
            worker_id=worker,
            full_name="Đinh Thị Linh",
            date_of_birth=date(2001, 5, 4),
            gender=Gender.FEMALE,
            ethnicity="Tày",
            ethnic_minority=True,
            household_status=HouseholdStatus.POOR,
            locality=Locality(province_code="01", commune_code="00004"),
            support=SupportEligibility(
                subproject2=True, training_cost_support=True, preferential_loan=True
            ),
            phone="+84912345678",
            family_contact=FamilyContact(
                name="Nguyễn Thị Hoa", relationship="mother", phone="+84987654321"
            ),
            registered_at=NOW,
        )
        made.append(
            new_event(
                payload,
                event_id=f"e-{n}",
                subject=worker,
                sequence=1,
                source="intake",
                time=NOW,
                correlation_id="c",
            )
        )
    return made


def record(key: bytes, value: bytes, headers: list[tuple[str, bytes]]) -> ConsumerRecord:
    return ConsumerRecord("t", 0, 0, 0, 0, key, value, None, len(key), len(value), headers)


async def main(count: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        masters = MasterKeyFile.at(Path(folder) / "master-keys.json", create=True)
        keys = DataKeys(memory_store().collection(DATA_KEYS), masters, cache_s=300.0)
        sealer, batch = Sealer(keys), events(count, workers)
        for event in batch[:workers]:  # every key made and cached, as in a running service
            await sealer.encode(event)
        started = time.perf_counter()
        plain = [record(*to_kafka(e)) for e in batch]
        plain_encode = time.perf_counter() - started
        started = time.perf_counter()
        sealed = [record(*await sealer.encode(e)) for e in batch]
        sealed_encode = time.perf_counter() - started
        started = time.perf_counter()
        for r in plain:
            decode_payload(from_kafka(r.value, r.headers))
        plain_decode = time.perf_counter() - started
        opener = Opener(keys, every_personal_field())
        started = time.perf_counter()
        await opener.load(sealed)
        for r in sealed:
            opener.open(r)
        sealed_decode = time.perf_counter() - started
    print(f"{count} worker.registered events, {workers} workers, 5 personal fields each\n")
    print(f"{'path':<28}{'us/event':>10}{'events/s':>12}")
    for name, seconds in (
        ("encode plain (to_kafka)", plain_encode),
        ("encode sealed", sealed_encode),
        ("decode plain", plain_decode),
        ("decode opened (all fields)", sealed_decode),
    ):
        print(f"{name:<28}{seconds / count * 1e6:>10.1f}{count / seconds:>12.0f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2000)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.events, arguments.workers))
