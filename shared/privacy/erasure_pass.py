"""The erasure pass: what a service keeps about an erased worker beside its view (stored
answers, register entries, write logs), forgotten once per erasure.

A view document carries ``erasure_due`` from the moment it first shows its worker erased
(``erasure_mark``, added by the view's projection) until a pass has forgotten the rest and
marked it done (``False``, written with a version check). A pass reads the due documents only,
through an index: however many erasures were done before, a pass with none new reads nothing
of them. A document the consumer wrote between the pass's read and its mark stays due and is
done again by the next pass, and every event the view hears about an erased worker marks it
due again (its write may have raced the erasure), so every ``forget`` may run more than once.

Views written before the mark existed show erased workers without it: the first pass of a
process marks them due once, and remembers in ``erasure_passes`` that it did.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from shared.logging import get_logger
from shared.persistence import ASCENDING, Collection, Document, IndexSpec, Update
from shared.persistence.stores import Store

log = get_logger(__name__)

ERASURE_DUE = "erasure_due"
DUE_INDEX: IndexSpec = ("by_erasure_due", [(ERASURE_DUE, ASCENDING)], False)
"""The index a view whose erasures a pass finishes needs (``prepare`` creates it)."""
PASSES = "erasure_passes"
EARLIER_MARKED = "earlier_erasures_marked"

Forget = Callable[[str], Awaitable[object]]
"""Forgets what a service keeps about one erased worker beside its view; may run again."""


def erasure_mark(erased: bool) -> Document:
    """The mark a view document carries: none while its worker is not erased, then due on
    every event heard, until a pass marks it done. An event heard after the pass can come
    from a write that read the worker before the erasure and landed after the pass (a
    check-in, a certificate): due again, the next pass forgets what that write kept."""
    return {ERASURE_DUE: True} if erased else {}


class ErasurePass:
    """Forgets, for each view document marked due, what the service keeps beside the view."""

    def __init__(self, views: Collection, passes: Collection, forget: Forget) -> None:
        self.views = views
        self.passes = passes
        self.forget = forget
        self.earlier_marked = False

    @classmethod
    def on(cls, store: Store, views: str, forget: Forget) -> ErasurePass:
        """Returns the pass over the store's ``views`` collection."""
        return cls(store.collection(views), store.collection(PASSES), forget)

    async def run(self) -> list[str]:
        """Forgets each worker whose view is due and marks it done; returns the workers it
        forgot. One worker's failure leaves it due and the others go on."""
        await self._mark_earlier()
        due = await self.views.find({ERASURE_DUE: True}, {"_id": 1, "version": 1})
        forgotten = []
        for document in due:
            worker_id = str(document["_id"])
            try:
                await self.forget(worker_id)
            except Exception as exc:
                log.warning("forgetting an erased worker failed", worker_id=worker_id,
                            error=type(exc).__name__)  # fmt: skip
                continue
            done = Update(set={ERASURE_DUE: False})
            await self.views.advance(worker_id, document.get("version", 0), done)
            log.info("erasure finished", worker_id=worker_id)
            forgotten.append(worker_id)
        return forgotten

    async def run_periodically(self, interval_s: float) -> None:
        """Runs a pass every ``interval_s`` seconds until cancelled."""
        while True:
            await asyncio.sleep(interval_s)
            try:
                await self.run()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the store is down: try again next round
                log.warning("forgetting erased workers failed", error=type(exc).__name__)

    async def _mark_earlier(self) -> None:
        """Marks due, once per store, the erased workers' views written before the mark."""
        if self.earlier_marked:
            return
        if await self.passes.get(EARLIER_MARKED) is None:
            fields = {"_id": 1, "version": 1, ERASURE_DUE: 1}
            for document in await self.views.find({"erased": True}, fields):
                if ERASURE_DUE not in document:
                    due = Update(set={ERASURE_DUE: True})
                    await self.views.advance(document["_id"], document.get("version", 0), due)
            await self.passes.insert_new({"_id": EARLIER_MARKED})
        self.earlier_marked = True
