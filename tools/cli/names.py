"""``homeward index-names``: puts workers stored before intake's name index (and before the
duplicate finder's blocking keys) in them."""

from __future__ import annotations

import typer

from services.intake.store import SEARCH_BUCKETS, NameIndex
from shared.persistence.kinds import kind_of
from shared.persistence.stores import open_store
from tools.cli.config import Connection, connection, console, run


def index_names(ctx: typer.Context) -> None:
    """Indexes intake's workers stored before the name index (oldest first), then switches the
    name search to it; until then it reads workers the plain way. Also gives the duplicate
    finder's blocking keys to workers stored without them. Safe beside running services and to
    run again."""
    indexed, keyed = run(_index(connection(ctx)))
    console.print(f"{indexed} worker(s) indexed; the name search reads its index")
    console.print(f"{keyed} worker(s) given the duplicate finder's keys")


async def _index(conn: Connection) -> tuple[int, int]:
    client = conn.store_client()
    try:
        database = client[conn.database("intake")]
        store = open_store(database, kind_of(database))
        indexed = await NameIndex(store).index_all()
        keyed = await NameIndex(store).index_likeness()
        await database.drop_collection(SEARCH_BUCKETS)
        workers = database["workers"]
        if "name_buckets" in {index["name"] async for index in await workers.list_indexes()}:
            await workers.drop_index("name_buckets")
        return indexed, keyed
    finally:
        await client.close()
