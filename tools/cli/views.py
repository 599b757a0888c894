"""``homeward views rebuild``: rebuild a service's views from its input topics, then switch."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from shared.rebuild import Progress as RebuildProgress
from shared.rebuild import RebuildResult, Subscription, rebuild_views
from tools.cli.config import SERVICES, Connection, connection, console, fail, run
from tools.cli.layout import layout

app = typer.Typer(help="A service's views (read models).", no_args_is_help=True)


@app.command("list")
def list_views(ctx: typer.Context, service: Annotated[str, typer.Argument()]) -> None:
    """The views a service keeps, with their input topics and consumer group."""
    conn = connection(ctx)
    _check(service)
    for s in run(_subscriptions(conn, service)):
        console.print(
            f"{s.projection.name}: {s.collection} <- {', '.join(s.topics)} ({s.group_id})"
        )


async def _subscriptions(conn: Connection, service: str) -> list[Subscription]:
    return layout(conn, service).subscriptions


@app.command("rebuild")
def rebuild(
    ctx: typer.Context,
    service: Annotated[
        str, typer.Argument(help="intake, training, deployment, aftercare or reporting")
    ],
    view: Annotated[
        list[str] | None, typer.Option("--view", help="Only these views (projection names)")
    ] = None,
    keep_old: Annotated[
        bool, typer.Option("--keep-old/--drop-old", help="Keep the replaced collection")
    ] = True,
    switch: Annotated[
        bool, typer.Option("--switch/--no-switch", help="Switch the service to the rebuilt view")
    ] = True,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 5000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Rebuilds views into a new collection, the service serving the old one until the switch."""
    conn = connection(ctx)
    _check(service)
    results = run(_rebuild_views(conn, service, view, keep_old, switch, batch_size, quiet))
    for result in results:
        if result.switched and result.replaced:
            outcome = f"switched (old view kept as {result.replaced})"
        elif result.switched:
            outcome = "switched"
        else:
            outcome = f"not switched: see {result.rebuilt_as}"
        console.print(
            f"{result.collection}: {result.events} events -> {result.documents} documents in "
            f"{result.seconds:.1f}s ({result.events_per_s:.0f} events/s, {result.method}); "
            f"{outcome}"
            + (
                f"; {result.unappliable} event(s) could not be applied"
                if result.unappliable
                else ""
            )
            + (
                f"; {len(result.refused)} document(s) the store refused whole were written "
                "event by event"
                if result.refused
                else ""
            )
        )


async def _rebuild_views(
    conn: Connection,
    service: str,
    view: list[str] | None,
    keep_old: bool,
    switch: bool,
    batch_size: int,
    quiet: bool,
) -> list[RebuildResult]:
    subscriptions = layout(conn, service).subscriptions  # builds the app: needs a running loop
    if view:
        unknown = sorted(set(view) - {s.projection.name for s in subscriptions})
        if unknown:
            raise fail(f"{service} keeps no view named {', '.join(unknown)}")
        subscriptions = [s for s in subscriptions if s.projection.name in view]
    if not subscriptions:
        raise fail(f"{service} keeps no view fed by events")
    return await _rebuild(conn, service, subscriptions, keep_old, switch, batch_size, quiet)


async def _rebuild(
    conn: Connection,
    service: str,
    subscriptions: list[Subscription],
    keep_old: bool,
    switch: bool,
    batch_size: int,
    quiet: bool,
) -> list[RebuildResult]:
    """Rebuilds the views in one pass over their topics, each record read once for all."""
    client = conn.store_client()
    try:
        database = client[conn.database(service)]
        names = ", ".join(s.collection for s in subscriptions)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            disable=quiet,
        ) as bar:
            task = bar.add_task(f"{names}: rebuild", total=None)

            def show(progress: RebuildProgress) -> None:
                bar.update(
                    task,
                    completed=progress.done,
                    total=progress.total,
                    description=f"{names}: {progress.phase}",
                )

            return await rebuild_views(
                [(database, subscription) for subscription in subscriptions],
                conn.kafka_options(),
                batch_size=batch_size,
                switch=switch,
                keep_old=keep_old,
                on_progress=show,
            )
    finally:
        await client.close()


VIEW_SERVICES = (*SERVICES, "reporting")  # reporting keeps a view and owns no topic


def _check(service: str) -> None:
    if service not in VIEW_SERVICES:
        raise fail(f"unknown service {service}; choose from {', '.join(VIEW_SERVICES)}")
