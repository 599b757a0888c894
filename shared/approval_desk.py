"""The approval desk of a service: its queue of changes waiting for a second person, its
provinces' tables of rules, and the use cases that decide them.

The repositories use the persistence seam's ports only. A decision is written on the approval
with the one write primitive (``Collection.advance``): of two checkers deciding at once, exactly
one wins; the other reads the decision and is refused. The change itself (with its events)
is applied afterwards by the service that owns the record, in that record's one write, and
only once: the service remembers the approvals it applied in the record.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from shared.approvals import (
    EXEMPT_MAKERS,
    SERVICE_OF,
    Approval,
    ApprovalAction,
    ApprovalRule,
    ApprovalStatus,
    StaleChangeError,
    applied,
    approve,
    check_checker,
    check_rules,
    forgotten,
    is_stale,
    province_rules,
    reject,
    request_approval,
    required_checks,
    went_stale,
)
from shared.auth.principal import Role
from shared.errors import ConflictError, NotFoundError
from shared.logging import get_logger
from shared.pages import Pages
from shared.persistence import (
    ASCENDING,
    ConcurrentUpdateError,
    Document,
    Update,
    retry_on_conflict,
)
from shared.persistence.stores import Store

log = get_logger(__name__)
APPROVALS = "approvals"
APPROVAL_RULES = "approval_rules"
TIMES = ("requested_at", "decided_at", "applied_at")
FINISH_AFTER = timedelta(minutes=2)
"""How long an approved change stays its checker's to apply before another checker may."""


async def prepare(store: Store) -> None:
    """Creates the queue's and the tables' missing indexes."""
    await store.collection(APPROVALS).ensure_indexes(
        [
            (
                "by_queue",
                [("status", ASCENDING), ("province_code", ASCENDING), ("requested_at", ASCENDING)],
                False,
            ),
            ("by_worker", [("worker_id", ASCENDING)], False),
        ]
    )
    await store.collection(APPROVAL_RULES).ensure_indexes(
        [("by_province", [("province_code", ASCENDING)], False)]
    )


def approval_state(approval: Approval) -> Document:
    """Returns the stored fields of an approval (times as dates, so they sort)."""
    state = approval.model_dump(mode="json")
    for name in TIMES:
        state[name] = getattr(approval, name)
    return state


class ApprovalQueue:
    """The changes a service keeps waiting for a second person, one document each."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(APPROVALS)

    async def add(self, approval: Approval) -> bool:
        """Stores a new waiting change; returns False, writing nothing, if its id is taken."""
        return await self.collection.insert_new(
            {"_id": approval.approval_id, "version": 1, **approval_state(approval)}
        )

    async def get(self, approval_id: str) -> Document | None:
        """Returns the stored approval, or None."""
        return await self.collection.get(approval_id)

    async def write(self, document: Document, approval: Approval) -> None:
        """Writes the approval if it is still as read; raises ConcurrentUpdateError if not."""
        if not await self.collection.advance(
            document["_id"], document["version"], Update(set=approval_state(approval))
        ):
            raise ConcurrentUpdateError(f"approval {document['_id']} changed meanwhile")

    async def of_worker(self, worker_id: str) -> list[Document]:
        """Returns every approval of a change to the worker's record."""
        return await self.collection.find({"worker_id": worker_id})

    async def queue(
        self, status: ApprovalStatus, within: Mapping[str, Any], pages: Pages
    ) -> list[Document]:
        """Returns a page of the approvals in a status inside the caller's scope, oldest
        request first."""
        where = {"status": status.value, **within}
        oldest = [("requested_at", ASCENDING), ("_id", ASCENDING)]
        return await pages.find(self.collection, where, oldest)


class ApprovalRules:
    """The provinces' own rows of the table (an action a province never set: the default)."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(APPROVAL_RULES)

    async def of(self, province_code: str) -> list[ApprovalRule]:
        """Returns the rows a province set."""
        rows = await self.collection.find({"province_code": province_code})
        return [ApprovalRule.model_validate(row["rule"]) for row in rows]

    async def set(
        self, province_code: str, rules: Sequence[ApprovalRule], by: str, now: datetime
    ) -> None:
        """Stores a province's rows, each replacing the one of its action."""
        for rule in rules:
            state = {
                "province_code": province_code,
                "rule": rule.model_dump(mode="json"),
                "set_by": by,
                "set_at": now,
            }
            await self.collection.put(
                f"{province_code}|{rule.action.value}", Update(set=state), upsert=True
            )


class ChangeApplier(Protocol):
    """How a service reads the record a waiting change is about, and applies the change."""

    async def basis(self, approval: Approval) -> Mapping[str, Any]:
        """Returns the record's facts now, to compare with the approval's ``basis``."""
        ...

    async def apply(self, approval: Approval) -> None:
        """Applies the approved change with its events, in the record's one write; does
        nothing if this approval was applied already; raises StaleChangeError if the record
        no longer holds the approval's basis."""
        ...


def utc_now() -> datetime:
    """Returns now in UTC, to the millisecond the store keeps."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class ApprovalDesk:
    """A service's maker-and-checker use cases."""

    def __init__(
        self,
        service: str,
        approvals: ApprovalQueue,
        rules: ApprovalRules,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.service = service
        self.approvals = approvals
        self.rules = rules
        self.clock = clock
        self.actions = [a for a in ApprovalAction if SERVICE_OF[a] == service]
        self._appliers: dict[str, ChangeApplier] = {}

    def handle(self, kind: str, applier: ChangeApplier) -> None:
        """Names the service's applier of a kind of change."""
        self._appliers[kind] = applier

    # -- the table ------------------------------------------------------------------------------

    async def rules_of(self, province_code: str) -> dict[ApprovalAction, ApprovalRule]:
        """Returns the province's table for this service's actions."""
        return province_rules(await self.rules.of(province_code), self.actions)

    async def set_rules(
        self, province_code: str, rules: Sequence[ApprovalRule], by: str
    ) -> dict[ApprovalAction, ApprovalRule]:
        """Stores the rows a province sets (422 naming a wrong one); returns its whole table."""
        await self.rules.set(province_code, check_rules(rules, self.service), by, self.clock())
        log.info("approval rules set", province_code=province_code, rows=len(rules))
        return await self.rules_of(province_code)

    async def checks_for(
        self, actions: Sequence[ApprovalAction], province_code: str, maker_role: Role
    ) -> list[ApprovalRule]:
        """Returns the rules that make a change wait in the province; none: apply it now."""
        if not actions or maker_role in EXEMPT_MAKERS:
            return []  # no table to read
        return required_checks(actions, await self.rules_of(province_code), maker_role)

    async def ask(
        self,
        *,
        actions: Sequence[ApprovalAction],
        kind: str,
        target_id: str,
        worker_id: str | None,
        province_code: str,
        commune_code: str | None,
        change: dict[str, Any],
        changed_fields: Sequence[str],
        basis: dict[str, Any],
        maker: str,
        maker_role: Role,
        reason: str | None,
        approval_id: str | None = None,
    ) -> Approval | None:
        """Puts a change in the queue if the province makes any of its actions wait for a
        second person, and returns it; None: the maker applies it now.

        The hook of every change that may wait: the service names its applier of ``kind``
        with ``handle``, which writes the change and its events once approved. A change asked
        again after a failure names its ``approval_id``: the one stored first stands."""
        if not await self.checks_for(actions, province_code, maker_role):
            return None
        approval = request_approval(
            approval_id=approval_id or str(uuid.uuid4()),
            actions=actions,
            kind=kind,
            target_id=target_id,
            worker_id=worker_id,
            province_code=province_code,
            commune_code=commune_code,
            change=change,
            changed_fields=changed_fields,
            basis=basis,
            maker=maker,
            maker_role=maker_role,
            reason=reason,
            now=self.clock(),
        )
        return await self.submit(approval)

    # -- the queue ------------------------------------------------------------------------------

    async def submit(self, approval: Approval) -> Approval:
        """Puts a change in the queue; returns the stored one if its id was queued already."""
        if not await self.approvals.add(approval):
            return await self.get(approval.approval_id)
        log.info(
            "change waits for approval",
            approval_id=approval.approval_id,
            worker_id=approval.worker_id,
            actions=[a.value for a in approval.actions],
        )
        return approval

    async def get(self, approval_id: str) -> Approval:
        """Returns an approval or raises NotFoundError."""
        return Approval.model_validate(await self._document(approval_id))

    async def queue(
        self, status: ApprovalStatus, within: Mapping[str, Any], pages: Pages
    ) -> list[Approval]:
        """Returns a page of the approvals in a status inside the caller's scope, oldest
        first."""
        documents = await self.approvals.queue(status, within, pages)
        return [Approval.model_validate(d) for d in documents]

    async def _document(self, approval_id: str) -> Document:
        document = await self.approvals.get(approval_id)
        if document is None:
            raise NotFoundError("approval", approval_id)
        return document

    def _applier(self, approval: Approval) -> ChangeApplier:
        applier = self._appliers.get(approval.kind)
        if applier is None:  # a kind another release of the service made
            raise ConflictError(
                "{service} cannot apply a change of kind {kind}",
                service=self.service,
                kind=approval.kind,
            )
        return applier

    # -- decisions ------------------------------------------------------------------------------

    async def approve(
        self, approval_id: str, checker: str, checker_role: Role, reason: str | None
    ) -> Approval:
        """Approves a waiting change and applies it (its events are written then, with it).

        403 for the maker or a role the province did not name; 409 if it was decided already,
        or if its record changed since it was requested (it is then marked stale). Posting the
        approval again finishes one a failure stopped between the decision and the change,
        keeping the first decision: its checker at once, another it names after ``FINISH_AFTER``
        (before then the other checker is refused, as while the first is applying it).
        """

        async def attempt() -> Approval:
            document = await self._document(approval_id)
            approval = Approval.model_validate(document)
            rules = await self.rules_of(approval.province_code)
            check_checker(approval, rules, checker, checker_role)
            now = self.clock()
            if _unfinished(approval, checker, now):
                return approval  # a failure stopped it before the change: apply it now
            decided = approve(approval, checker, checker_role, reason, now=now)
            if is_stale(approval, await self._applier(approval).basis(approval)):
                await self.approvals.write(document, went_stale(approval, now=now))
                log.info("stale change refused", approval_id=approval_id)
                raise StaleChangeError(approval_id)
            await self.approvals.write(document, decided)
            return decided

        decided = await _taking_turns(attempt)
        try:
            await self._applier(decided).apply(decided)
        except StaleChangeError:
            await self._finish(approval_id, lambda a: went_stale(a, now=self.clock()))
            raise
        finished = await self._finish(approval_id, lambda a: applied(a, now=self.clock()))
        log.info("change approved and applied", approval_id=approval_id)
        return finished

    async def reject(
        self, approval_id: str, checker: str, checker_role: Role, reason: str
    ) -> Approval:
        """Rejects a waiting change with a reason: nothing of it is applied, nothing emitted."""

        async def attempt() -> Approval:
            document = await self._document(approval_id)
            approval = Approval.model_validate(document)
            check_checker(
                approval, await self.rules_of(approval.province_code), checker, checker_role
            )
            decided = reject(approval, checker, checker_role, reason, now=self.clock())
            await self.approvals.write(document, decided)
            return decided

        decided = await _taking_turns(attempt)
        log.info("change rejected", approval_id=approval_id)
        return decided

    async def forget_worker(self, worker_id: str) -> int:
        """Withholds what an erased worker's approvals asked and said (``forgotten``); a waiting
        one can no longer apply. Returns how many it changed; again, none."""
        changed = 0
        for document in await self.approvals.of_worker(worker_id):

            async def attempt(approval_id: str = document["_id"]) -> bool:
                current = await self._document(approval_id)
                approval = Approval.model_validate(current)
                after = forgotten(approval, now=self.clock())
                if after == approval:
                    return False
                await self.approvals.write(current, after)
                return True

            changed += await retry_on_conflict(attempt)
        if changed:
            log.info("approvals forgotten", worker_id=worker_id, approvals=changed)
        return changed

    async def _finish(self, approval_id: str, change: Callable[[Approval], Approval]) -> Approval:
        """Writes what became of an approved change (applied, or stale)."""

        async def attempt() -> Approval:
            document = await self._document(approval_id)
            approval = Approval.model_validate(document)
            if approval.applied_at is not None or approval.status is ApprovalStatus.STALE:
                return approval
            finished = change(approval)
            await self.approvals.write(document, finished)
            return finished

        return await _taking_turns(attempt)


def _unfinished(approval: Approval, checker: str, now: datetime) -> bool:
    """Whether ``checker`` may apply an approved change a failure left unapplied."""
    if approval.status is not ApprovalStatus.APPROVED or approval.applied_at is not None:
        return False
    decided_at = approval.decided_at or now
    return approval.decided_by == checker or now - decided_at >= FINISH_AFTER


async def _taking_turns(attempt: Callable[[], Any]) -> Approval:
    try:
        result: Approval = await retry_on_conflict(attempt)
    except ConcurrentUpdateError:
        raise ConflictError("the approval is being decided by others: try again") from None
    return result
