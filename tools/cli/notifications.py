"""``homeward notifications``: alerts, webhook subscriptions and failing deliveries."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from services.notifications import store
from tools.cli.config import Connection, connection, console, run

app = typer.Typer(
    help="Alerts in the inboxes, webhook subscriptions, deliveries that fail.",
    no_args_is_help=True,
)
SERVICE = "notifications"


async def _read(
    conn: Connection, collection: str, query: dict[str, Any], sort: str, fields: dict[str, int]
) -> list[dict[str, Any]]:
    client = conn.store_client()
    try:
        found = client[conn.database(SERVICE)][collection].find(query, fields).sort(sort, -1)
        documents: list[dict[str, Any]] = await found.to_list(None)
        return documents
    finally:
        await client.close()


def _show(rows: list[dict[str, Any]], columns: tuple[str, ...], title: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, default=str), flush=True)
        return
    if not rows:
        console.print(f"No {title}.")
        return
    table = Table(title=f"{len(rows)} {title}")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*[escape(str(row.get(c, ""))) for c in columns])
    console.print(table)


@app.command("alerts")
def alerts(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="open, acknowledged or resolved")] = None,
    kind: Annotated[str | None, typer.Option(help="An alert kind, e.g. no_contact")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Alerts, newest first: kind, worker, place, status, why."""
    query = {k: v for k, v in (("status", status), ("kind", kind)) if v}
    fields = {"outbox": 0, "applied": 0}
    documents = run(_read(connection(ctx), store.ALERTS, query, "raised_at", fields))
    rows = [
        {
            "alert_id": d["_id"],
            "kind": d.get("kind"),
            "worker_id": d.get("worker_id"),
            "province_code": d.get("province_code"),
            "commune_code": d.get("commune_code"),
            "status": d.get("status"),
            "raised_at": d.get("raised_at"),
            "reason": d.get("reason"),
        }
        for d in documents
    ]
    columns = ("kind", "worker_id", "province_code", "commune_code", "status", "raised_at")
    _show(rows, (*columns, "reason"), "alerts", as_json)


@app.command("subscriptions")
def subscriptions(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Webhook subscriptions and their status (never their secrets)."""
    documents = run(_read(connection(ctx), store.SUBSCRIPTIONS, {}, "created_at", {"secret": 0}))
    rows = [
        {
            "subscription_id": d["_id"],
            "url": d.get("url"),
            "status": d.get("status"),
            "failing_since": d.get("failing_since"),
            "wants": ", ".join([*d.get("event_types", []), *d.get("alert_kinds", [])]),
            "provinces": ", ".join(d.get("province_codes", [])) or "all",
        }
        for d in documents
    ]
    columns = ("subscription_id", "url", "status", "failing_since", "wants", "provinces")
    _show(rows, columns, "subscriptions", as_json)


@app.command("deliveries")
def deliveries(
    ctx: typer.Context,
    failing: Annotated[
        bool, typer.Option("--failing", help="Only given up, or retried at least once")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Webhook deliveries not delivered yet or given up, with their last attempt."""
    query = {"state": {"$in": ["pending", "failed"]}}
    fields = {"body": 0}
    documents = run(_read(connection(ctx), store.DELIVERIES, query, "order", fields))
    rows = []
    for d in documents:
        attempts = d.get("attempts") or []
        if failing and d.get("state") != "failed" and not attempts:
            continue
        last = attempts[-1] if attempts else {}
        rows.append(
            {
                "delivery_id": d["_id"],
                "event_type": d.get("event_type"),
                "state": d.get("state"),
                "attempts": len(attempts),
                "last_status": last.get("status"),
                "last_error": last.get("error"),
                "next_attempt_at": d.get("next_attempt_at"),
            }
        )
    columns = ("delivery_id", "event_type", "state", "attempts", "last_status", "last_error")
    _show(rows, (*columns, "next_attempt_at"), "deliveries", as_json)
