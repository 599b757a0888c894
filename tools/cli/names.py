"""``homeward index-names``: puts workers stored before intake's name index in it."""

from __future__ import annotations

import typer

from services.intake.store import NameIndex
from tools.cli.config import Connection, connection, console, run


def index_names(ctx: typer.Context) -> None:
    """Indexes intake's workers stored before the name index (oldest first), then switches the
    name search to it; until then it reads workers the plain way. Safe beside running services
    and to run again."""
    indexed = run(_index(connection(ctx)))
    console.print(f"{indexed} worker(s) indexed; the name search reads its index")


async def _index(conn: Connection) -> int:
    client = conn.store_client()
    try:
        return await NameIndex(client[conn.database("intake")]).index_all()
    finally:
        await client.close()
