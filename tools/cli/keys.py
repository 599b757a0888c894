"""``homeward keys``: the master keys that wrap the workers' data keys.

``rotate-master`` adds a new master key to the file (``MASTER_KEY_FILE``, or
``--master-key-file``) and makes it current, re-wraps every data key and lookup key
(``shared.privacy.lookup``) with it, then retires the
old master keys no data key needs any more. Services re-read the file when it changes; a key a
service wrapped with an old master key meanwhile keeps that key in the file until the next run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shared.persistence.ports import Collection
from shared.persistence.stores import open_store
from shared.privacy.keys import DATA_KEYS, DataKeys
from shared.privacy.lookup import LOOKUP_KEYS
from shared.privacy.masters import (
    KEY_BYTES,
    MasterKeyFile,
    new_master_file,
    read_master_file,
    write_master_file,
)
from shared.settings import ServiceSettings
from tools.cli.config import connection, console, run

app = typer.Typer(help="The master keys wrapping the workers' data keys.", no_args_is_help=True)


async def rotate_master(
    path: Path, collection: Collection, lookup: Collection | None = None
) -> tuple[int, list[str]]:
    """Makes a new current master key, re-wraps every data key (and lookup key) with it and
    retires the master keys no key needs; returns how many keys it re-wrapped and the master
    keys retired."""
    _, keys = read_master_file(path)
    new_id, new_keys = new_master_file()
    assert len(new_keys[new_id]) == KEY_BYTES
    write_master_file(path, new_id, {**keys, **new_keys})
    masters = MasterKeyFile.at(path, create=False)
    rewrapped, needed = await DataKeys(collection, masters, cache_s=1.0).rewrap()
    if lookup is not None:  # the lookup keys are stored as data keys are
        more, also_needed = await DataKeys(lookup, masters, cache_s=1.0).rewrap()
        rewrapped, needed = rewrapped + more, needed | also_needed
    current, keys = read_master_file(path)
    retired = sorted(k for k in keys if k not in needed)
    write_master_file(path, current, {k: v for k, v in keys.items() if k in needed})
    return rewrapped, retired


@app.command("rotate-master")
def rotate_master_command(
    ctx: typer.Context,
    master_key_file: Annotated[
        Path | None,
        typer.Option(help="The master key file (default: MASTER_KEY_FILE, as the services)"),
    ] = None,
) -> None:
    """Make a new master key current, re-wrap every data key with it, retire the old ones."""
    conn = connection(ctx)
    path = master_key_file or Path(ServiceSettings().master_key_file)

    async def rotate() -> tuple[int, list[str]]:
        client = conn.store_client()
        try:
            store = open_store(client[conn.key_store_database], ServiceSettings().store_kind)
            return await rotate_master(
                path, store.collection(DATA_KEYS), store.collection(LOOKUP_KEYS)
            )
        finally:
            await client.close()

    rewrapped, retired = run(rotate())
    console.print(f"data keys re-wrapped: {rewrapped}; master keys retired: {len(retired)}")


__all__ = ["app", "rotate_master"]
