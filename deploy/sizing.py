"""Prints the sizing of Kafka and MongoDB for a province and for the country (docs/deploy.md).

    uv run python deploy/sizing.py

Record sizes are measured: every stored contract sample (tests/contracts/samples) is encoded
as the services encode it (shared.events.envelope.to_kafka) and sized as a Kafka v2 record.
Volumes are the assumptions written below, each with its source.
"""

from __future__ import annotations

import json
import math
import statistics
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import shared.contracts  # noqa: F401 - registers every payload in the catalogue
from shared.events.catalogue import CATALOGUE
from shared.events.envelope import new_event, to_kafka

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "contracts" / "samples"

# Events over one departing worker's whole journey (a three-year contract), by type. Not every
# registered worker departs (1.5 registrations per departure), check-ins and remittances are
# monthly while abroad; the rest are the steps each service records.
JOURNEY = {
    "worker.registered": 1.5, "worker.consulted": 2.0, "worker.corrected": 0.3,
    "worker.withdrawn": 0.2, "loan.requested": 0.6, "loan.approved": 0.5, "loan.disbursed": 0.5,
    "loan.repayment-started": 0.5, "loan.repaid": 0.4,
    "worker.enrolled": 1.2, "worker.assessed": 2.4, "worker.certified": 1.1,
    "worker.trained": 1.1, "worker.dropped-out": 0.1,
    "placement.shortlisted": 2.0, "placement.selected": 1.2, "placement.contract-signed": 1.05,
    "placement.visa-applied": 1.05, "placement.visa-granted": 1.0, "worker.departed": 1.0,
    "placement.cancelled": 0.2,
    "worker.checked-in": 36.0, "remittance.reported": 36.0,
    "incident.reported": 0.3, "incident.assigned": 0.3, "incident.status-changed": 0.6,
    "incident.follow-up-recorded": 0.5, "contract.extended": 0.2,
    "placement.contract-end-changed": 0.2, "worker.returned": 1.0,
    "reintegration.planned": 0.8, "reintegration.referred": 0.6,
    "reintegration.outcome-recorded": 0.6, "case.closed": 1.0,
}  # fmt: skip
CONTRACT_YEARS = 3
WORKING_SECONDS_PER_YEAR = 250 * 8 * 3600  # events follow office hours
BUSIEST_HOUR_FACTOR = 3.0  # the busiest hour of a working day against its average
BULK_IMPORT = (5_000, 300)  # a commune's list of workers imported in five minutes
CONSUMER_EVENTS_PER_S = 188  # one consumer process, docs/performance.md (FerretDB on PG)
# The consumer groups reading each topic (each service's ``runtime.subscribe``): a group reads
# every record of its topics, whatever it keeps. tests/deploy/test_sizing.py holds it to the code.
GROUPS_READING = {
    "intake": ("training-candidates", "deployment-candidates", "aftercare-cases",
               "reporting-facts", "notifications-worker-facts"),
    "training": ("deployment-candidates", "aftercare-cases", "reporting-facts"),
    "deployment": ("deployment-candidates", "aftercare-cases", "reporting-facts",
                   "notifications-worker-facts", "notifications-licences"),
    "aftercare": ("deployment-candidates", "aftercare-cases", "aftercare-incidents",
                  "reporting-facts", "notifications-worker-facts"),
    "notifications": ("notifications-webhook-feed",),
}  # fmt: skip
VIEWS_PER_EVENT = max(len(groups) for groups in GROUPS_READING.values())
REPLAY_HOURS = 4.0  # a view rebuilt from a year of events within a night's maintenance window
REPLICATION = 3
BATCH_OVERHEAD_PER_RECORD = 61 / 50  # a record batch header shared by ~50 records


@dataclass(frozen=True)
class Scale:
    """Who the system serves: departures a year, and workers abroad at any time."""

    name: str
    departures_per_year: int
    abroad: int


SCALES = (
    Scale("Nghe An, the largest sending province", 20_000, 20_000 * CONTRACT_YEARS),
    Scale("Viet Nam, the whole country", 150_000, 650_000),
)


def _varint(value: int) -> int:
    zigzag = (value << 1) ^ (value >> 63)
    return max(1, math.ceil(zigzag.bit_length() / 7))


def record_bytes(event_type: str) -> int:
    """Returns the bytes one event of this type takes in a Kafka v2 record batch."""
    sample = json.loads((SAMPLES / f"{event_type}.v1.json").read_text())
    payload = CATALOGUE.spec(event_type, sample["version"]).payload.model_validate(sample["data"])
    worker = str(uuid.uuid4())
    envelope = new_event(
        payload,
        event_id=str(uuid.uuid4()),
        subject=worker,
        sequence=42,
        source=event_type.split(".")[0],
        time=datetime(2026, 3, 2, 8, 30, tzinfo=UTC),
        correlation_id=str(uuid.uuid4()),
        causation_id=str(uuid.uuid4()),
    )
    key, value, headers = to_kafka(envelope)
    body = 1 + 4 + 2 + _varint(len(key)) + len(key) + _varint(len(value)) + len(value)
    body += _varint(len(headers))
    for name, header in headers:
        body += _varint(len(name)) + len(name) + _varint(len(header)) + len(header)
    return body + _varint(body) + math.ceil(BATCH_OVERHEAD_PER_RECORD)


@dataclass(frozen=True)
class Plan:
    """What one scale needs."""

    scale: Scale
    events_per_year: float
    busiest_per_s: float
    bulk_per_s: float
    partitions_needed: int
    log_gb_per_year: float
    replay_hours_12: float


def mean_record_bytes() -> float:
    """Returns the mean record size over a journey's mix of events."""
    return sum(record_bytes(t) * n for t, n in JOURNEY.items()) / sum(JOURNEY.values())


def plan(scale: Scale, mean_bytes: float) -> Plan:
    """Returns the events, peak rates, partitions and log storage one scale needs."""
    abroad_types = {"worker.checked-in", "remittance.reported"}
    monthly = sum(JOURNEY[t] for t in abroad_types) / (CONTRACT_YEARS * 12)
    at_home = sum(n for t, n in JOURNEY.items() if t not in abroad_types)
    per_year = scale.abroad * monthly * 12 + scale.departures_per_year * at_home
    busiest = per_year / WORKING_SECONDS_PER_YEAR * BUSIEST_HOUR_FACTOR
    bulk = BULK_IMPORT[0] / BULK_IMPORT[1]
    # Enough consumers for the peak, and for rebuilding a view from a year of events.
    by_peak = max(busiest, bulk) * VIEWS_PER_EVENT / CONSUMER_EVENTS_PER_S
    by_replay = per_year / (CONSUMER_EVENTS_PER_S * REPLAY_HOURS * 3600)
    return Plan(
        scale,
        per_year,
        busiest,
        bulk,
        max(1, math.ceil(max(by_peak, by_replay))),
        per_year * mean_bytes * REPLICATION / 1e9,
        per_year / (CONSUMER_EVENTS_PER_S * 12) / 3600,
    )


def main() -> None:
    sizes = {event_type: record_bytes(event_type) for event_type in JOURNEY}
    mean = mean_record_bytes()
    print(
        f"record size: mean {mean:.0f} B over a journey, median "
        f"{statistics.median(sizes.values()):.0f} B, largest {max(sizes.values())} B "
        f"({max(sizes, key=lambda t: sizes[t])}); {sum(JOURNEY.values()):.0f} events per journey"
    )
    print()
    print(
        "| scale | events/yr | avg/s | busiest hour/s | bulk import/s | partitions needed "
        "(peak, 4 h replay) | log GB/yr (x3) | replay 1 yr, 12 consumers |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for scale in SCALES:
        p = plan(scale, mean)
        print(
            f"| {scale.name} | {p.events_per_year / 1e6:.1f} M | "
            f"{p.events_per_year / (365 * 24 * 3600):.2f} | {p.busiest_per_s:.1f} | "
            f"{p.bulk_per_s:.0f} | {p.partitions_needed} | {p.log_gb_per_year:.1f} | "
            f"{p.replay_hours_12:.1f} h |"
        )


if __name__ == "__main__":
    main()
