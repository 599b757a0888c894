"""``homeward events tail``: follow Homeward's events live or from an offset or a time."""

from __future__ import annotations

import contextlib
import fnmatch
import json
from typing import Annotated, Any

import typer
from rich.markup import escape

from tools.cli.access import personal_data_allowed
from tools.cli.config import SERVICES, Connection, connection, console, fail, run
from tools.cli.streams import Start, describe, read

app = typer.Typer(help="Read Homeward's event topics.", no_args_is_help=True)


@app.command("tail")
def tail(
    ctx: typer.Context,
    service: Annotated[
        list[str] | None,
        typer.Option("--service", "-s", help="Producing service(s); default: all four"),
    ] = None,
    event_type: Annotated[
        list[str] | None,
        typer.Option("--type", "-t", help="Event type(s), globs allowed: 'worker.*'"),
    ] = None,
    worker: Annotated[str | None, typer.Option("--worker", "-w", help="A worker id")] = None,
    from_beginning: Annotated[
        bool, typer.Option("--from-beginning", help="Start at the oldest event")
    ] = False,
    offset: Annotated[
        int | None, typer.Option("--offset", help="Start at this offset in every partition")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Start at a time: ISO 8601, or 15m, 2h, 3d ago")
    ] = None,
    follow: Annotated[
        bool, typer.Option("--follow/--no-follow", "-f/-F", help="Keep waiting for new events")
    ] = True,
    limit: Annotated[int | None, typer.Option("--max", "-n", help="Stop after N events")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a pretty view")] = (
        False
    ),
    dead_letters: Annotated[
        bool, typer.Option("--dlq", help="Read the dead-letter topics instead")
    ] = False,
    show_personal: Annotated[
        bool, typer.Option("--show-personal", help="Unmask phones/family contacts (role needed)")
    ] = False,
    token: Annotated[str | None, typer.Option("--token", help="Bearer token (HOMEWARD_TOKEN)")] = (
        None
    ),
) -> None:
    """Prints events as they arrive (like kcat -C), masked unless your role allows."""
    conn = connection(ctx)
    unknown = sorted(set(service or ()) - set(SERVICES))
    if unknown:
        raise fail(f"unknown service {', '.join(unknown)}; choose from {', '.join(SERVICES)}")
    if from_beginning and since:
        raise fail("choose one of --from-beginning, --offset, --since")
    personal = personal_data_allowed(show_personal, token)
    topics = [conn.topic(s) + (".dlq" if dead_letters else "") for s in service or SERVICES]
    start = Start.parse(from_beginning, offset, since)
    shown = run(
        _tail(conn, topics, start, follow, event_type or [], worker, limit, as_json, personal)
    )
    if not as_json:
        console.print(f"[dim]{shown} event(s)[/]")


async def _tail(
    conn: Connection,
    topics: list[str],
    start: Start,
    follow: bool,
    types: list[str],
    worker: str | None,
    limit: int | None,
    as_json: bool,
    personal: bool,
) -> int:
    shown = 0
    records = read(conn, topics, start, follow=follow, key=worker)
    async with contextlib.aclosing(records):  # closes the consumer when --max stops early
        async for record in records:
            row = describe(record, personal)
            if not _wanted(row, types, worker):
                continue
            _print(row, as_json)
            shown += 1
            if limit is not None and shown >= limit:
                break
    return shown


def _wanted(row: dict[str, Any], types: list[str], worker: str | None) -> bool:
    if worker is not None and worker not in (row.get("subject"), row.get("key")):
        return False
    return not types or any(fnmatch.fnmatchcase(row.get("type") or "", t) for t in types)


def _print(row: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(row, ensure_ascii=False, separators=(",", ":")), flush=True)
        return
    where = f"{row['topic']}:{row['partition']}:{row['offset']}"
    if "undecodable" in row:
        console.print(f"[red]undecodable[/] {escape(where)}  {escape(str(row['undecodable']))}")
        return
    console.print(
        f"[cyan]{escape(row['time'][:23])}[/] [bold]{escape(row['type'])}[/] "
        f"v{row['version']} [green]{escape(row['subject'])}[/] "
        f"[dim]seq {row['sequence']} from {escape(row['source'])} at {escape(where)}[/]"
    )
    data = json.dumps(row["data"], ensure_ascii=False, separators=(", ", ": "))
    console.print(f"    {escape(data)}", soft_wrap=True, highlight=False)
