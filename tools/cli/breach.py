"""``homeward breach``: the facts a personal-data breach notification needs within 72 hours.

``readers`` lists who read a worker's personal data in a period, from every service's audit
trail. ``exposure`` lists every worker whose personal data a leaked key, a compromised service
or a window of unauthorised access could expose (docs/operations.md, "A personal-data breach").
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from shared.auth.audit import AUDIT
from shared.privacy.holdings import personal_holdings
from tools.cli.config import Connection, connection, console, fail, run
from tools.cli.streams import parse_since

app = typer.Typer(help="Who read a worker's data; whose data a breach exposes.")
SERVICES = ("intake", "training", "deployment", "aftercare", "notifications", "reporting")
DATA_KEYS = "data_keys"
"""The key store's collection (one data key per worker, ``_id`` the worker id, ``master`` the
master key that wraps it), in the ``<prefix>_keys`` database every service shares."""
READ_COLUMNS = ("at", "service", "subject", "name", "role", "method", "path", "status")


def _window(since: str | None, until: str | None) -> dict[str, Any]:
    moments: dict[str, datetime] = {}
    try:
        if since:
            moments["$gte"] = parse_since(since)
        if until:
            moments["$lt"] = parse_since(until)
    except ValueError:
        raise fail("--since and --until take an ISO time or a duration like 3d") from None
    return {"at": moments} if moments else {}


@app.command("readers")
def readers(
    ctx: typer.Context,
    worker_id: Annotated[str, typer.Argument(help="The worker's id")],
    since: Annotated[str | None, typer.Option(help="ISO time, or 3d / 12h ago")] = None,
    until: Annotated[str | None, typer.Option(help="ISO time, or 3d / 12h ago")] = None,
    with_changes: Annotated[
        bool, typer.Option("--with-changes", help="Also list who changed the record")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Who read the worker's personal data in the period (every service's audit trail): each
    read with when, who (token subject, name, role), what and the answer; refusals included."""
    query: dict[str, Any] = {"worker_id": worker_id, **_window(since, until)}
    if not with_changes:
        query["method"] = "GET"
    entries = run(_audit(connection(ctx), query))
    rows = [{c: _plain(entry.get(c)) for c in READ_COLUMNS} for entry in entries]
    if as_json:
        print(json.dumps({"worker": worker_id, "reads": rows}, ensure_ascii=False), flush=True)
        return
    shown = Table(title=f"Worker {worker_id}: {len(rows)} access(es)")
    for column in READ_COLUMNS:
        shown.add_column(column, overflow="fold")
    for row in rows:
        shown.add_row(*(escape(str(row[c] or "")) for c in READ_COLUMNS))
    console.print(shown)


@app.command("exposure")
def exposure(
    ctx: typer.Context,
    key: Annotated[
        str | None, typer.Option(help="A data key id (a worker's) or a master key id")
    ] = None,
    service: Annotated[
        str | None, typer.Option(help="A service whose store or token was compromised")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Start of the window (ISO, or 3d ago)")] = None,
    until: Annotated[str | None, typer.Option(help="End of the window (ISO, or 3d ago)")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Every worker whose personal data could be exposed: by a key (the worker it belongs to,
    or every worker whose data key the master key wraps); by a service (every worker it keeps
    personal data about, or, with a window, those it served through its API then); by a window
    alone (every worker any service served through its API then)."""
    if key is None and service is None and since is None and until is None:
        raise fail("name a --key, a --service, or a window (--since/--until)")
    if service is not None and service not in SERVICES:
        raise fail(f"unknown service {service}; one of {', '.join(SERVICES)}")
    found = run(_exposed(connection(ctx), key, service, _window(since, until)))
    workers = sorted(found)
    if as_json:
        listed = [{"worker_id": w, "why": sorted(found[w])} for w in workers]
        print(json.dumps({"count": len(workers), "workers": listed}, ensure_ascii=False))
        return
    shown = Table(title=f"{len(workers)} worker(s) exposed")
    shown.add_column("worker")
    shown.add_column("why", overflow="fold")
    for worker in workers:
        shown.add_row(escape(worker), escape("; ".join(sorted(found[worker]))))
    console.print(shown)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


async def _audit(conn: Connection, query: dict[str, Any]) -> list[dict[str, Any]]:
    client = conn.store_client()
    try:
        entries: list[dict[str, Any]] = []
        for service in SERVICES:
            found = client[conn.database(service)][AUDIT].find(query, {"_id": 0})
            entries += await found.to_list(None)
        return sorted(entries, key=lambda e: (str(e.get("at")), str(e.get("service"))))
    finally:
        await client.close()


async def _exposed(
    conn: Connection, key: str | None, service: str | None, window: dict[str, Any]
) -> dict[str, set[str]]:
    client = conn.store_client()
    found: dict[str, set[str]] = {}

    def add(worker_id: Any, why: str) -> None:
        if isinstance(worker_id, str) and worker_id:
            found.setdefault(worker_id, set()).add(why)

    try:
        if key is not None:
            keys = client[f"{conn.database_prefix}_keys"][DATA_KEYS]
            query = {"$or": [{"_id": key}, {"master": key}], "wrapped": {"$exists": True}}
            async for document in keys.find(query, {"_id": 1, "master": 1}):
                add(document["_id"], "its data key" if document["_id"] == key else f"master {key}")
        if service is not None and not window:
            for holding in personal_holdings():
                if holding.service != service:
                    continue
                collection = client[conn.database(service)][holding.where]
                field = holding.worker_field
                async for document in collection.find({}, {field: 1}):
                    add(document.get(field), f"{service}.{holding.where}")
        if window:
            services = (service,) if service else SERVICES
            query = {**window, "worker_id": {"$ne": None}}
            for name in services:
                audit = client[conn.database(name)][AUDIT]
                async for entry in audit.find(query, {"worker_id": 1, "method": 1}):
                    verb = "read" if entry.get("method") == "GET" else "changed"
                    add(entry.get("worker_id"), f"{verb} through {name} in the window")
        return found
    finally:
        await client.close()
