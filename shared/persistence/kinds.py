"""Which adapter each store client was opened with: set once at start-up, never probed."""

from __future__ import annotations

import os
import weakref
from typing import Any

from shared.persistence.ports import StoreKind

_kinds: weakref.WeakKeyDictionary[Any, StoreKind] = weakref.WeakKeyDictionary()


def register(client: Any, kind: StoreKind) -> None:
    """Records the kind a store client was opened with."""
    _kinds[client] = kind


def kind_of(database: Any) -> StoreKind:
    """Returns the kind the database's client was opened with; for a client opened outside a
    service (a tool, a test), the ``STORE_KIND`` setting, FerretDB when unset."""
    known = _kinds.get(database.client)
    if known is not None:
        return known
    return StoreKind(os.environ.get("STORE_KIND") or StoreKind.FERRETDB)
