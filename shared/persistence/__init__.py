"""The persistence seam: ports that repositories and use cases depend on, an adapter per
store kind chosen once at start-up, and the one write primitive (``Collection.advance``).

Adapters: ``shared.persistence.mongodb`` (MongoDB), ``shared.persistence.ferretdb``
(FerretDB v1, holding every workaround it needs), ``shared.persistence.memory`` (in memory,
for use-case tests). ``shared.persistence.stores.open_store`` picks one.
"""

from shared.persistence.aggregates import Aggregates, retry_on_conflict
from shared.persistence.claims import Slots, UniqueKeys
from shared.persistence.errors import AlreadyStoredError, ConcurrentUpdateError
from shared.persistence.ports import (
    ASCENDING,
    DESCENDING,
    Advance,
    BatchOutcome,
    Collection,
    Document,
    IndexSpec,
    StoreKind,
    Update,
)

__all__ = [
    "ASCENDING",
    "DESCENDING",
    "Advance",
    "Aggregates",
    "AlreadyStoredError",
    "BatchOutcome",
    "Collection",
    "ConcurrentUpdateError",
    "Document",
    "IndexSpec",
    "Slots",
    "StoreKind",
    "UniqueKeys",
    "Update",
    "retry_on_conflict",
]
