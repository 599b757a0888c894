"""``homeward``: the operator's tool for Homeward's event streams, views and health.

One typer app; each command group lives in its own module and is added here, so another
module (``token``) can join with one line.
"""

from __future__ import annotations

import typer

from tools.cli import (
    breach,
    dlq,
    doctor,
    events,
    keys,
    lag,
    names,
    notifications,
    outbox,
    retention,
    timeline,
    token,
    views,
)
from tools.cli.config import connection_options

app = typer.Typer(
    name="homeward",
    help="Operate Homeward: follow events, watch lag, handle dead letters, rebuild views.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
)
app.callback()(connection_options)
app.add_typer(events.app, name="events")
app.add_typer(dlq.app, name="dlq")
app.add_typer(outbox.app, name="outbox")
app.add_typer(views.app, name="views")
app.add_typer(timeline.app, name="worker")
app.add_typer(notifications.app, name="notifications")
app.add_typer(retention.app, name="retention")
app.add_typer(breach.app, name="breach")
app.add_typer(keys.app, name="keys")
app.command("lag")(lag.lag)
app.command("doctor")(doctor.doctor)
app.command("token")(token.token)
app.command("index-names")(names.index_names)

# Other modules join with one line each, e.g. ``app.add_typer(token.app, name="token")``.

__all__ = ["app"]
