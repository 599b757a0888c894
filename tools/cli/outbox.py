"""``homeward outbox``: events the relay could not publish and set aside; replay them once.

The relay keeps each refused outbox entry in its service's ``outbox_set_aside`` collection,
with the reason, and goes on with the others. ``replay`` publishes an entry after the cause
is fixed: it is marked ``sending`` BEFORE it is produced and ``replayed`` after Kafka
acknowledged it, so a replay is never repeated. One left ``sending`` longer than
``--stale-after`` seconds counts as crashed and is resumed by the next replay (one sending more
recently is in progress, and is skipped), which first looks on the topic for the event it may
have sent (same event id, in its key's partition) and produces it only if absent.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import typer
from aiokafka import AIOKafkaProducer
from rich.markup import escape
from rich.table import Table

from shared.events.envelope import EventEnvelope
from shared.outbox import SET_ASIDE, UNPUBLISHABLE_ERRORS, reason_of
from shared.privacy.sealing import Sealer
from tools.cli.config import SERVICES, Connection, connection, console, fail, run
from tools.cli.streams import STALE_CLAIM_S, StaleAfter, sent_before

app = typer.Typer(
    help="Outbox entries the relay set aside: list, replay after a fix.", no_args_is_help=True
)
OUTBOX_SERVICES = (*SERVICES, "reporting")
REPLAYABLE = ("waiting", "sending")


def _services(services: list[str] | None) -> list[str]:
    unknown = sorted(set(services or ()) - set(OUTBOX_SERVICES))
    if unknown:
        raise fail(f"unknown service {', '.join(unknown)}")
    return list(services or OUTBOX_SERVICES)


def _ref(service: str, aside: dict[str, Any]) -> str:
    return f"{service}:{aside['_id']}"


async def set_aside_entries(
    conn: Connection, services: list[str], refs: list[str] | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """Every entry set aside by the services' relays (or those named), with its service."""
    client = conn.store_client()
    try:
        found: list[tuple[str, dict[str, Any]]] = []
        for service in services:
            collection = client[conn.database(service)][SET_ASIDE]
            async for aside in collection.find({}).sort("set_aside_at", 1):
                if refs is None or _ref(service, aside) in refs:
                    found.append((service, aside))
        return found
    finally:
        await client.close()


def _summary(service: str, aside: dict[str, Any]) -> dict[str, Any]:
    at = aside.get("set_aside_at")
    return {
        "ref": _ref(service, aside),
        "type": aside.get("type"),
        "document": aside.get("document_id"),
        "sequence": aside.get("sequence"),
        "reason": aside.get("reason"),
        "set_aside_at": at.isoformat() if isinstance(at, datetime) else at,
        "status": aside.get("status"),
        "event_id": aside.get("event_id"),
        "topic": aside.get("topic"),
        "replays": aside.get("replays", 0),
    }


@app.command("list")
def list_set_aside(
    ctx: typer.Context,
    service: Annotated[list[str] | None, typer.Option("--service", "-s")] = None,
    waiting: Annotated[bool, typer.Option("--waiting", help="Only not yet replayed")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Outbox entries set aside, with the reason the relay could not publish them."""
    conn = connection(ctx)
    found = run(set_aside_entries(conn, _services(service)))
    rows = [_summary(s, a) for s, a in found]
    if waiting:
        rows = [r for r in rows if r["status"] in REPLAYABLE]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, default=str), flush=True)
        return
    if not rows:
        console.print("No outbox entry set aside.")
        return
    table = Table(title=f"{len(rows)} outbox entr{'y' if len(rows) == 1 else 'ies'} set aside")
    for column in ("ref", "type", "reason", "set aside at", "status"):
        table.add_column(column, overflow="fold")
    for row in rows:
        values = (row["ref"], row["type"], row["reason"], row["set_aside_at"], row["status"])
        table.add_row(*[escape(str(v)) for v in values])
    console.print(table)


@app.command("replay")
def replay(
    ctx: typer.Context,
    refs: Annotated[list[str] | None, typer.Argument(help="Refs from `outbox list`")] = None,
    service: Annotated[list[str] | None, typer.Option("--service", "-s")] = None,
    replay_all: Annotated[bool, typer.Option("--all", help="Every waiting entry")] = False,
    new_correlation_id: Annotated[
        bool,
        typer.Option(
            "--new-correlation-id",
            help="Give the event a fresh correlation id (when its own is what was refused)",
        ),
    ] = False,
    stale_after: StaleAfter = STALE_CLAIM_S,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Publishes set-aside entries to their topic, each once; a refused one stays set aside."""
    conn = connection(ctx)
    if not (refs or replay_all):
        raise fail("say what to replay: refs from `homeward outbox list`, or --all")
    services = sorted({r.split(":", 1)[0] for r in refs}) if refs else _services(service)
    stale = timedelta(seconds=stale_after)
    outcome = run(_replay(conn, _services(services), refs, new_correlation_id, stale))
    if as_json:
        print(json.dumps(outcome), flush=True)
        raise typer.Exit(1 if outcome["refused"] else 0)
    for ref in outcome["replayed"]:
        console.print(f"replayed {escape(ref)}")
    for ref, reason in outcome["refused"].items():
        console.print(f"[red]refused[/] {escape(ref)}: {escape(reason)}")
    for ref in outcome["skipped"]:
        console.print(
            f"[yellow]skipped[/] {escape(ref)}: already replayed, or another replay is sending "
            f"it (it counts as crashed after {stale_after:g} s: see --stale-after)"
        )
    console.print(
        f"{len(outcome['replayed'])} replayed, {len(outcome['refused'])} refused, "
        f"{len(outcome['skipped'])} skipped"
    )
    if outcome["refused"]:
        raise typer.Exit(1)


async def _replay(
    conn: Connection,
    services: list[str],
    refs: list[str] | None,
    new_correlation_id: bool,
    stale_after: timedelta = timedelta(seconds=STALE_CLAIM_S),
) -> dict[str, Any]:
    found = await set_aside_entries(conn, services, refs)
    missing = sorted(set(refs or ()) - {_ref(s, a) for s, a in found})
    if missing:
        raise fail(f"nothing set aside at {', '.join(missing)}")
    outcome: dict[str, Any] = {"replayed": [], "refused": {}, "skipped": []}
    client = conn.store_client()
    sealer = Sealer(conn.data_keys(client))  # personal fields sealed, as the relay does
    producer = AIOKafkaProducer(
        **conn.kafka_options(), enable_idempotence=True, acks="all", client_id="homeward-cli"
    )
    await producer.start()
    try:
        for service, aside in found:
            ref = _ref(service, aside)
            collection = client[conn.database(service)][SET_ASIDE]
            now = datetime.now(UTC)
            # A "sending" claim is taken over only once its replay counts as crashed.
            crashed = {"status": "sending", "claimed_at": {"$not": {"$gte": now - stale_after}}}
            claimed = await collection.find_one_and_update(
                {"_id": aside["_id"], "$or": [{"status": "waiting"}, crashed]},
                {"$set": {"status": "sending", "claimed_at": now}},
            )
            if claimed is None:
                outcome["skipped"].append(ref)
                continue
            entry = dict(claimed["entry"])
            if claimed.get("status") == "sending":  # a replay a crash interrupted
                sent_to = await _sent_before(conn, claimed)
                if sent_to is not None:
                    await _mark_replayed(collection, aside["_id"], sent_to)
                    outcome["replayed"].append(ref)
                    continue
            if new_correlation_id:
                entry["correlationid"] = str(uuid.uuid4())
            try:
                key, value, headers = await sealer.encode(EventEnvelope.model_validate(entry))
                sent = await producer.send_and_wait(
                    entry["topic"], value=value, key=key, headers=headers
                )
            except UNPUBLISHABLE_ERRORS as exc:
                reason = reason_of(exc)
                await collection.update_one(
                    {"_id": aside["_id"]},
                    {"$set": {"status": "waiting", "replay_refused": reason}},
                )
                outcome["refused"][ref] = reason
                continue
            replayed_to = f"{sent.topic}:{sent.partition}:{sent.offset}"
            await _mark_replayed(collection, aside["_id"], replayed_to)
            outcome["replayed"].append(ref)
    finally:
        await producer.stop()
        await client.close()
    return outcome


async def _mark_replayed(collection: Any, aside_id: str, replayed_to: str) -> None:
    await collection.update_one(
        {"_id": aside_id},
        {
            "$set": {
                "status": "replayed",
                "replayed_at": datetime.now(UTC),
                "replayed_to": replayed_to,
            },
            "$inc": {"replays": 1},
        },
    )


async def _sent_before(conn: Connection, claimed: dict[str, Any]) -> str | None:
    """Where an interrupted replay already put the event on its topic, if it did."""
    entry = claimed["entry"]
    claimed_at = claimed.get("claimed_at")
    at = claimed_at if isinstance(claimed_at, datetime) else datetime.now(UTC)
    header = ("ce_id", str(entry.get("id")).encode())
    return await sent_before(conn, entry["topic"], entry.get("subject"), header, at)
