"""``homeward retention``: the retention table, and the job that enforces it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import structlog
import typer
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from pymongo import AsyncMongoClient
from rich.markup import escape
from rich.table import Table

from shared.events.topics import DEAD_LETTER_RETENTION_MS, Topic, dead_letter_topic
from shared.logging import configure_logging
from shared.persistence.kinds import kind_of
from shared.persistence.stores import Store, open_store
from shared.privacy.keys import DATA_KEYS, DataKeys
from shared.privacy.lookup import LOOKUP_KEYS, LookupKeys
from shared.privacy.masters import MasterKeyError, MasterKeyFile, NoMasterKeys
from shared.privacy.retention import RETENTION
from shared.privacy.retention_job import Due, enforce
from shared.settings import ServiceSettings
from shared.store import Document
from tools.cli.config import Connection, connection, console, run
from tools.cli.kafka_admin import admin

if TYPE_CHECKING:
    from services.intake.service import IntakeService

app = typer.Typer(help="How long records are kept, and the job that enforces it.")
SERVICES = ("intake", "training", "deployment", "aftercare", "notifications", "reporting")
DYNAMIC_TOPIC_CONFIG = 1
"""``config_source`` of a topic's own setting in a DescribeConfigs answer (v1 and later)."""


@app.command("table")
def table(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The retention table: each kind of record, where it lives, how long it is kept."""
    rows = [
        {
            "record": r.record,
            "service": r.service,
            "where": r.where,
            "kept": r.period,
            "counted_from": r.counted_from,
            "then": r.disposal.value,
        }
        for r in RETENTION
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False), flush=True)
        return
    shown = Table(title="Retention")
    for column in rows[0]:
        shown.add_column(column, overflow="fold")
    for row in rows:
        shown.add_row(*(escape(str(v)) for v in row.values()))
    console.print(shown)


@app.command("run")
def run_retention(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would go; change nothing")
    ] = False,
    service: Annotated[
        list[str] | None, typer.Option("--service", help="Only these services (repeatable)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Deletes every record past its period (or lists it, with --dry-run), hands workers due
    for erasure to the erasure path, and sets the dead-letter topics' retention."""
    chosen = tuple(service or SERVICES)
    unknown = sorted(set(chosen) - set(SERVICES))
    if unknown:
        raise typer.BadParameter(f"unknown services {', '.join(unknown)}", param_hint="--service")
    conn = connection(ctx)
    if not structlog.is_configured():  # an erasure's log lines go to stderr, never the JSON
        configure_logging("homeward-cli", fmt="console")
    report, topics = run(_run(conn, chosen, dry_run))
    rows = [due.as_row() for due in report]
    if as_json:
        print(json.dumps({"dry_run": dry_run, "records": rows, "dead_letter_topics": topics},
                         ensure_ascii=False), flush=True)  # fmt: skip
        return
    title = "Retention (dry run: nothing changed)" if dry_run else "Retention applied"
    shown = Table(title=title)
    for column in ("service", "record", "kept", "then", "due", "done", "first ids"):
        shown.add_column(column, overflow="fold")
    for row in rows:
        shown.add_row(
            row["service"], row["record"], row["kept"], row["disposal"], str(row["due"]),
            str(row["done"]) if not row["pending"] else row["pending"],
            escape(", ".join(row["ids"])),
        )  # fmt: skip
    console.print(shown)
    for topic in topics:
        console.print(f"{topic['topic']}: retention.ms {topic['was']} -> {topic['now']}")


async def _run(
    conn: Connection, services: tuple[str, ...], dry_run: bool
) -> tuple[list[Due], list[dict[str, Any]]]:
    client = conn.store_client()
    eraser = None
    try:
        stores: dict[str, Store] = {}
        for service in services:
            database = client[conn.database(service)]
            stores[service] = open_store(database, kind_of(database))
        keys = client[conn.key_store_database]
        lookup_keys = _lookup_keys(open_store(keys, kind_of(keys)))
        if lookup_keys is not None:  # a dry run lists, and erases nobody
            eraser = _intake_eraser(conn, client, lookup_keys)
        report = await enforce(
            stores,
            datetime.now(UTC),
            dry_run=dry_run,
            eraser=None if eraser is None else eraser.erase_past_retention,
            unavailable=NO_LOOKUP_KEY,
        )
    finally:
        if eraser is not None:
            await eraser.names.close()
        await client.close()
    topics = await _dead_letter_retention(conn, services, dry_run)
    return report, topics


NO_LOOKUP_KEY = (
    "not erased: the master key file (MASTER_KEY_FILE) is not here, and without its lookup "
    "key the import files of a worker's rejected rows cannot be found; run this where the "
    "file is mounted, or leave it to intake's own retention job"
)
"""Why workers due for erasure are only listed by a run without the master key file."""


def _intake_eraser(
    conn: Connection, client: AsyncMongoClient[Document], lookup_keys: LookupKeys
) -> IntakeService:
    """Intake's erasure on intake's store and the key store, as the intake service erases:
    the data key destroyed, the record de-identified, ``worker.erased`` left in the record's
    outbox for intake's relay to publish. Destroying a key needs no master key."""
    from services.intake.app import intake_service  # the service's wiring: only when erasing

    intake = client[conn.database("intake")]
    keys = client[conn.key_store_database]
    data_keys = DataKeys(
        open_store(keys, kind_of(keys)).collection(DATA_KEYS), NoMasterKeys(), cache_s=1.0
    )
    return intake_service(
        open_store(intake, kind_of(intake)),
        conn.topic_prefix,
        lambda: None,
        data_keys,
        lookup_keys,
    )


def _lookup_keys(key_store: Store) -> LookupKeys | None:
    """The lookup keys, where the master key file is mounted (None elsewhere): an erasure
    finds the import files of the worker's rejected rows by their national ID's keyed hash,
    so without them nobody is erased."""
    try:
        masters = MasterKeyFile.at(ServiceSettings().master_key_file, create=False)
    except MasterKeyError:
        return None
    return LookupKeys(key_store.collection(LOOKUP_KEYS), masters)


async def _dead_letter_retention(
    conn: Connection, services: tuple[str, ...], dry_run: bool
) -> list[dict[str, Any]]:
    """Sets ``retention.ms`` on the services' dead-letter topics, keeping their other settings."""
    names = [
        dead_letter_topic(conn.topic_prefix + topic.value)
        for topic in Topic
        if topic.name.lower() in services
    ]
    client = admin(conn)
    await client.start()
    try:
        changed = []
        resources = [ConfigResource(ConfigResourceType.TOPIC, name) for name in names]
        for response in await client.describe_configs(resources):
            for error_code, _, _, name, entries in response.resources:
                if error_code:
                    continue  # no such topic on this broker
                own = {
                    entry[0]: entry[1]
                    for entry in entries
                    if (not isinstance(entry[3], bool) and entry[3] == DYNAMIC_TOPIC_CONFIG)
                    or entry[3] is False
                }
                was = own.get("retention.ms")
                if was == DEAD_LETTER_RETENTION_MS:
                    continue
                changed.append({"topic": name, "was": was, "now": DEAD_LETTER_RETENTION_MS})
                if not dry_run:
                    configs = {**own, "retention.ms": DEAD_LETTER_RETENTION_MS}
                    await client.alter_configs(
                        [ConfigResource(ConfigResourceType.TOPIC, name, configs=configs)]
                    )
        return changed
    finally:
        await client.close()
