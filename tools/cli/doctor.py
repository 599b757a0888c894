"""``homeward doctor``: checks the broker, the store, topics, groups, outboxes, dead letters."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict, dataclass
from typing import Annotated, Any

import typer
from rich.markup import escape

from shared.events.topics import topic_specs
from shared.metrics import _age_s, _oldest_pending
from shared.outbox import SET_ASIDE
from shared.settings import ServiceSettings
from tools.cli.config import SERVICES, Connection, connection, console, run
from tools.cli.dlq import letters
from tools.cli.kafka_admin import admin, group_states, lags
from tools.cli.layout import ServiceLayout, layout
from tools.cli.streams import cluster_metadata, consumer, start_consumer, stop

CHECK_TIMEOUT_S = 10.0
OUTBOX_AGE_WARN_S = 60.0
LAG_WARN = 1000


@dataclass
class Finding:
    """One check: did it pass, and what it means in plain words."""

    check: str
    ok: bool
    message: str
    runbook: str | None = None


def doctor(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    partitions: Annotated[
        int | None,
        typer.Option(
            "--partitions",
            help="Partitions every event topic should have (default: the deployment's "
            "TOPIC_PARTITIONS setting, as the services read it; 12 in production)",
        ),
    ] = None,
) -> None:
    """Says what is wrong with Homeward, in plain words, and which runbook to open."""
    conn = connection(ctx)
    expected = partitions if partitions is not None else ServiceSettings().topic_partitions
    findings = run(examine(conn, expected))
    if as_json:
        print(json.dumps([asdict(f) for f in findings]), flush=True)
    else:
        for f in findings:
            mark = "[green]ok[/]  " if f.ok else "[bold red]FAIL[/]"
            line = f"{mark} {escape(f.check)}: {escape(f.message)}"
            if f.runbook and not f.ok:
                line += f" [dim](docs/operations.md#{f.runbook})[/]"
            console.print(line)
    if not all(f.ok for f in findings):
        raise typer.Exit(1)


async def examine(conn: Connection, partitions: int = 3) -> list[Finding]:
    """Runs every check; a failing dependency turns the checks that need it into findings."""
    findings: list[Finding] = []
    layouts: dict[str, ServiceLayout] = {}
    for service in SERVICES:
        try:
            layouts[service] = layout(conn, service)
        except Exception as exc:  # a service that cannot be built is a finding, not a crash
            findings.append(Finding(f"{service} code", False, f"cannot be loaded: {exc!r}"))
    kafka_ok = await _kafka(conn, findings, partitions, layouts)
    store_ok = await _store(conn, findings, layouts)
    if kafka_ok and store_ok:
        await _dead_letters(conn, findings)
    return findings


async def _kafka(
    conn: Connection, findings: list[Finding], partitions: int, layouts: dict[str, ServiceLayout]
) -> bool:
    client = admin(conn)
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            await client.start()
            cluster = await client.describe_cluster()
            existing = set(await client.list_topics())
            groups = [s.group_id for lay in layouts.values() for s in lay.subscriptions]
            present = {g[0] for g in await client.list_consumer_groups()}
            states = {
                g.group: g for g in await group_states(client, [g for g in groups if g in present])
            }
    except Exception as exc:
        findings.append(
            Finding(
                "kafka",
                False,
                f"the broker at {conn.bootstrap} does not answer ({type(exc).__name__}). "
                "Services still accept requests and keep events in their outboxes; nothing "
                "flows between services until it is back.",
                "kafka-is-down",
            )
        )
        return False
    finally:
        await client.close()
    brokers = len(cluster.get("brokers", [])) if isinstance(cluster, dict) else "?"
    findings.append(Finding("kafka", True, f"{brokers} broker(s) answer at {conn.bootstrap}"))

    specs = topic_specs(partitions, 1, conn.topic_prefix)
    missing = [s.name for s in specs if s.name not in existing]
    findings.append(
        Finding(
            "topics",
            not missing,
            "all event and dead-letter topics exist"
            if not missing
            else f"missing: {', '.join(missing)}. Auto-creation is off; a service creates its "
            "topics when it starts, so start it (or check its log for a topic error).",
            "kafka-is-down",
        )
    )
    kafka = consumer(conn)
    await start_consumer(kafka)
    try:
        cluster = await cluster_metadata(kafka)
        wrong = [
            f"{s.name} has {len(cluster.partitions_for_topic(s.name) or ())}"
            for s in specs
            if s.name in existing
            and not s.name.endswith(".dlq")
            and len(cluster.partitions_for_topic(s.name) or ()) != partitions
        ]
    finally:
        await stop(kafka)
    if wrong:
        findings.append(Finding("partitions", False, f"expected {partitions}: {', '.join(wrong)}"))

    lag_by_group: dict[str, int] = {}
    for row in await lags(conn, {conn.topic(s) for s in SERVICES}):
        lag_by_group[row.group] = lag_by_group.get(row.group, 0) + row.lag
    for service, lay in layouts.items():
        for sub in lay.subscriptions:
            state = states.get(sub.group_id)
            lag = lag_by_group.get(sub.group_id)
            if state is None:
                findings.append(
                    Finding(
                        f"group {sub.group_id}",
                        False,
                        f"has never consumed: the {service} service has not started its "
                        f"{sub.projection.name} consumer",
                        "a-consumer-is-far-behind",
                    )
                )
                continue
            running = state.members > 0
            behind = lag is not None and lag > LAG_WARN
            shown_lag = lag if lag is not None else "?"
            words = f"{state.state}, {state.members} member(s), lag {shown_lag}"
            if not running:
                words += f": nobody consumes; is the {service} service running?"
            elif behind:
                words += ": far behind (see `homeward lag`)"
            findings.append(
                Finding(
                    f"group {sub.group_id}",
                    running and not behind,
                    words,
                    "a-consumer-is-far-behind",
                )
            )
    return True


async def _store(
    conn: Connection, findings: list[Finding], layouts: dict[str, ServiceLayout]
) -> bool:
    client = conn.store_client()
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            await client.admin.command("ping")
            # Asked per service database: FerretDB sizes every database to list them (11 s for
            # 400 databases on a loaded machine), while listing one's collections is cheap.
            databases = {
                lay.database
                for lay in layouts.values()
                if await client[lay.database].list_collection_names()
            }
    except Exception as exc:
        findings.append(
            Finding(
                "store",
                False,
                f"the store at {_safe_url(conn.store_url)} does not answer "
                f"({type(exc).__name__}). Requests fail with 503 and consumers retry; nothing "
                "is lost, Kafka keeps the events.",
                "the-store-is-down",
            )
        )
        await client.close()
        return False
    try:
        findings.append(Finding("store", True, f"answers at {_safe_url(conn.store_url)}"))
        for service, lay in layouts.items():
            if lay.database not in databases:
                findings.append(
                    Finding(
                        f"{service} database",
                        False,
                        f"{lay.database} does not exist: the service has never started "
                        "against this store (or MONGODB_DATABASE points elsewhere)",
                    )
                )
                continue
            await _outbox(client[lay.database], lay, findings)
    finally:
        await client.close()
    return True


async def _outbox(database: Any, lay: ServiceLayout, findings: list[Finding]) -> None:
    pending = 0
    oldest: str | None = None
    for name in lay.outbox_collections:
        count = await database[name].count_documents({"outbox_pending": True})
        pending += count
        if count:
            found = await _oldest_pending(database[name])
            if found and (oldest is None or found < oldest):
                oldest = found
    age = _age_s(oldest) if oldest else 0.0
    stuck = age > OUTBOX_AGE_WARN_S
    findings.append(
        Finding(
            f"{lay.service} outbox",
            not stuck,
            f"{pending} document(s) waiting, oldest event {age:.0f}s old"
            + (
                ": the relay is not publishing (Kafka down, or the service stopped)"
                if stuck
                else ""
            ),
            "kafka-is-down",
        )
    )
    set_aside = await database[SET_ASIDE].count_documents({"status": {"$ne": "replayed"}})
    if set_aside:
        findings.append(
            Finding(
                f"{lay.service} outbox set aside",
                False,
                f"{set_aside} event(s) the relay could not publish "
                f"(`homeward outbox list -s {lay.service} --waiting`)",
                "an-outbox-entry-set-aside",
            )
        )


async def _dead_letters(conn: Connection, findings: list[Finding]) -> None:
    topics = [conn.topic(s) + ".dlq" for s in SERVICES]
    found = await letters(conn, topics)
    waiting = [f for f in found if f.waiting]
    findings.append(
        Finding(
            "dead letters",
            not waiting,
            f"{len(waiting)} waiting for a fix and a replay (`homeward dlq list --waiting`)"
            if waiting
            else "none waiting",
            "a-poison-message",
        )
    )


def _safe_url(url: str) -> str:
    """The store URL without its password."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://***@{rest.split('@', 1)[1]}"
