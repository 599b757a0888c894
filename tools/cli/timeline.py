"""``homeward worker timeline``: one worker's journey across the four services."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tools.cli.access import personal_data_allowed
from tools.cli.config import SERVICES, Connection, connection, console, run
from tools.cli.streams import Start, describe, read

app = typer.Typer(help="One worker across the services.", no_args_is_help=True)
VIEWS = {
    "intake": "workers",
    "training": "candidates",
    "deployment": "candidates",
    "aftercare": "cases",
}
KAFKA_TIMEOUT_S = 20.0


@app.command("timeline")
def timeline(
    ctx: typer.Context,
    worker_id: Annotated[str, typer.Argument(help="The worker's id")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    show_personal: Annotated[bool, typer.Option("--show-personal")] = False,
    token: Annotated[str | None, typer.Option("--token")] = None,
) -> None:
    """Every event about the worker, in time order, and what each service's view holds.

    Events come from the topics (the system of record), so a stopped service does not hide its
    part; if Kafka or the store is unreachable, the report says which part is missing.
    """
    conn = connection(ctx)
    personal = personal_data_allowed(show_personal, token)
    events, views, missing = run(_gather(conn, worker_id, personal))
    if as_json:
        print(
            json.dumps(
                {"worker": worker_id, "events": events, "views": views, "missing": missing},
                ensure_ascii=False,
                default=str,
            ),
            flush=True,
        )
        if missing:
            raise typer.Exit(2)
        return
    table = Table(title=f"Worker {worker_id}: {len(events)} event(s)")
    for column in ("time", "service", "event", "seq", "details"):
        table.add_column(column, overflow="fold")
    for e in events:
        table.add_row(
            escape(e["time"][:19]),
            escape(e["source"]),
            escape(e["type"]),
            str(e["sequence"]),
            escape(_details(e["data"])),
        )
    console.print(table)
    for service, state in views.items():
        console.print(f"[bold]{service}[/]: {escape(state)}")
    for problem in missing:
        console.print(f"[red]missing:[/] {escape(problem)}")
    if missing:
        raise typer.Exit(2)


async def _gather(
    conn: Connection, worker_id: str, personal: bool
) -> tuple[list[dict[str, Any]], dict[str, str], list[str]]:
    missing: list[str] = []
    events: list[dict[str, Any]] = []
    try:
        async with asyncio.timeout(KAFKA_TIMEOUT_S):
            topics = [conn.topic(s) for s in SERVICES]
            async for record in read(conn, topics, Start("beginning"), follow=False, key=worker_id):
                row = describe(record, personal)
                if row.get("subject") == worker_id:
                    events.append(row)
    except Exception as exc:
        missing.append(f"events: Kafka at {conn.bootstrap} unreachable ({type(exc).__name__})")
    events.sort(key=lambda e: (e["time"], e["source"], e["sequence"]))
    seen = {e["source"] for e in events}
    views: dict[str, str] = {}
    client = conn.store_client()
    try:
        for service, collection in VIEWS.items():
            try:
                document = await client[conn.database(service)][collection].find_one(
                    {"_id": worker_id}, {"version": 1, "event_seq": 1, "status": 1}
                )
            except Exception as exc:
                views[service] = "unknown"
                missing.append(f"{service} view: store unreachable ({type(exc).__name__})")
                continue
            if document is None:
                views[service] = f"no {collection} record" + (
                    "" if service not in seen else " (events exist: view behind or rebuilt?)"
                )
            else:
                status = f", status {document['status']}" if "status" in document else ""
                views[service] = f"{collection} record version {document.get('version')}{status}"
    finally:
        await client.close()
    return events, views, missing


def _details(data: dict[str, Any]) -> str:
    parts = []
    for key, value in data.items():
        if key == "worker_id" or isinstance(value, (dict, list)):
            continue
        parts.append(f"{key}={value}")
    text = ", ".join(parts)
    return text if len(text) < 120 else text[:117] + "..."
