"""Use cases of transfers between communes and of referrals: load the worker's record, decide
with the domain, save the record and its events in one write."""

from __future__ import annotations

from datetime import datetime

from services.intake.domain.registration import local_date
from services.intake.domain.transfers import (
    AcceptTransfer,
    RecordReferralOutcome,
    Referral,
    ReferWorker,
    RefuseTransfer,
    RequestTransfer,
    Transfer,
    TransferListing,
    TransferStatus,
    accept_transfer,
    approve_transfer,
    record_referral_outcome,
    refer_worker,
    refuse_transfer,
    request_transfer,
)
from services.intake.domain.worker import CorrectWorker, Worker, correct_worker
from services.intake.service.workers import REGROUPING, IntakeService, worker_state
from services.intake.store import TransferList
from shared.approvals import Approval, ApprovalAction, StaleChangeError, is_stale
from shared.auth.principal import Role
from shared.errors import NotFoundError
from shared.pages import Pages
from shared.persistence import Document

TRANSFERS = "transfers"
INCOMING = "transfer_to"
"""The locality a waiting transfer would move the case to: whose officers may decide it."""
REFERRALS = "referrals"


def transfers_of(document: Document) -> list[Transfer]:
    """Returns the worker's transfers, oldest first."""
    return [Transfer.model_validate(t) for t in document.get(TRANSFERS, [])]


def _transfers_state(history: list[Transfer]) -> Document:
    waiting = [t for t in history if t.status is TransferStatus.REQUESTED]
    return {
        TRANSFERS: [t.model_dump(mode="json") for t in history],
        INCOMING: waiting[0].to_locality.model_dump(mode="json") if waiting else None,
    }


def _find(history: list[Transfer], worker_id: str, transfer_id: str) -> Transfer:
    for transfer in history:
        if transfer.transfer_id == transfer_id:
            return transfer
    raise NotFoundError("transfer", f"{worker_id}/{transfer_id}")


def _replaced(history: list[Transfer], transfer: Transfer) -> list[Transfer]:
    return [transfer if t.transfer_id == transfer.transfer_id else t for t in history]


TRANSFER = "transfer.approval"
"""The kind of waiting change that approves a transfer between provinces."""
NOT_WAITING = "approvals:not-required"
"""Who approved a transfer between provinces that the province's table lets through."""


def transfer_basis(transfer: Transfer) -> dict[str, object]:
    """Returns the facts a transfer's approval is asked on: a decision makes it stale."""
    return {
        "transfer_id": transfer.transfer_id,
        "status": transfer.status.value,
        "approved_by": transfer.approved_by,
    }


class Transfers:
    """Transfers of a case between communes, and its referrals to outside agencies."""

    def __init__(self, cases: IntakeService, listed: TransferList | None = None) -> None:
        self.cases = cases
        self.listed = listed

    async def page(
        self,
        within: Document,
        status: TransferStatus | None,
        pages: Pages,
    ) -> list[TransferListing]:
        """Returns a page of the transfers in the scope ``within`` (a filter on the list), of
        one status if given, newest request first, and the next page's cursor."""
        assert self.listed is not None
        query: Document = {**within, **({"status": status.value} if status else {})}
        return await self.listed.page(query, pages)

    async def request(
        self,
        worker_id: str,
        command: RequestTransfer,
        transfer_id: str,
        maker_role: Role = Role.SERVICE,
    ) -> Transfer:
        """Records the sending commune's request (the same id twice records it once). A
        transfer between provinces then waits for a second person where the province's table
        says so (the approval queue); otherwise it is approved at once."""
        made: list[Transfer] = []

        async def decide(document: Document, now: datetime) -> Transfer:
            history = transfers_of(document)
            for transfer in history:
                if transfer.transfer_id == transfer_id:
                    if transfer.needs_approval and transfer.approved_by is None:
                        made.append(transfer)  # a retry: its approval may never have been asked
                    return transfer
            transfer, event = request_transfer(
                Worker.model_validate(document),
                history,
                command,
                transfer_id=transfer_id,
                today=local_date(now),
                now=now,
            )
            state = _transfers_state([*history, transfer])
            await self.cases._save(document, state, [event], now)
            made.append(transfer)
            return transfer

        transfer = await self.cases._change(worker_id, decide)
        if made and transfer.needs_approval and transfer.status is TransferStatus.REQUESTED:
            return await self._ask_approval(transfer, maker_role)
        return transfer

    async def _ask_approval(self, transfer: Transfer, maker_role: Role) -> Transfer:
        """Puts a new transfer between provinces in the approval queue, or approves it at once
        where nothing makes it wait."""
        desk = self.cases.desk
        sending = transfer.from_locality
        asked = None
        if desk is not None:
            asked = await desk.ask(
                actions=[ApprovalAction.TRANSFER_ACROSS_PROVINCES],
                kind=TRANSFER,
                target_id=transfer.worker_id,
                worker_id=transfer.worker_id,
                province_code=sending.province_code,
                commune_code=sending.commune_code,
                change={
                    "transfer_id": transfer.transfer_id,
                    "to_province_code": transfer.to_locality.province_code,
                    "to_commune_code": transfer.to_locality.commune_code,
                    "effective_date": transfer.effective_date.isoformat(),
                },
                changed_fields=["approved_by"],
                basis=transfer_basis(transfer),
                maker=transfer.requested_by,
                maker_role=maker_role,
                reason=transfer.reason,
                approval_id=f"{TRANSFER}-{transfer.transfer_id}",
            )
        if asked is not None:
            return transfer
        return await self.approve(transfer.worker_id, transfer.transfer_id, NOT_WAITING)

    async def transfer_facts(self, approval: Approval) -> Document:
        """Returns the facts a waiting transfer approval was asked on, as they stand now."""
        history = transfers_of(await self.cases.get_worker(approval.target_id))
        transfer = _find(history, approval.target_id, str(approval.change["transfer_id"]))
        return transfer_basis(transfer)

    async def apply_approval(self, approval: Approval) -> None:
        """Marks the transfer approved by the checker; once; StaleChangeError if it was
        decided meanwhile."""
        transfer_id = str(approval.change["transfer_id"])
        history = transfers_of(await self.cases.get_worker(approval.target_id))
        transfer = _find(history, approval.target_id, transfer_id)
        if transfer.approved_by == approval.decided_by:
            return
        if is_stale(approval, transfer_basis(transfer)):
            raise StaleChangeError(approval.approval_id)
        assert approval.decided_by is not None
        await self.approve(approval.target_id, transfer_id, approval.decided_by)

    async def history(self, worker_id: str) -> list[Transfer]:
        """Returns the worker's transfers, newest first."""
        return transfers_of(await self.cases.get_worker(worker_id))[::-1]

    async def approve(self, worker_id: str, transfer_id: str, approver: str) -> Transfer:
        """Marks a transfer between provinces approved: the approvals mechanism's hook, called
        once a checker approved it (no route of its own)."""

        async def decide(document: Document, now: datetime) -> Transfer:
            history = transfers_of(document)
            approved = approve_transfer(_find(history, worker_id, transfer_id), approver)
            await self.cases._save(
                document, _transfers_state(_replaced(history, approved)), [], now
            )
            return approved

        return await self.cases._change(worker_id, decide)

    async def accept(self, worker_id: str, transfer_id: str, command: AcceptTransfer) -> Transfer:
        """The receiving commune takes the case: its locality moves (a revision of the record,
        and ``worker.corrected`` for the services that keep it) after ``worker.transfer-accepted``;
        the record leaves its old duplicate group for the new commune's."""

        async def decide(document: Document, now: datetime) -> Transfer:
            history = transfers_of(document)
            transfer = _find(history, worker_id, transfer_id)
            if transfer.status is TransferStatus.ACCEPTED:
                await self.cases._finish_regrouping(document, now)  # a retry after the save
                return transfer
            worker = Worker.model_validate(document)
            accepted, event = accept_transfer(
                worker, transfer, command, today=local_date(now), now=now
            )
            move = CorrectWorker(
                corrected_by=command.accepted_by,
                reason=f"transfer {transfer_id} accepted",
                locality=accepted.to_locality,
            )
            moved, corrections = correct_worker(worker, move, now=now)
            state = worker_state(moved) | _transfers_state(_replaced(history, accepted))
            state |= await self.cases.names.reindex(
                document, moved.name_prefixes, moved.locality.province_code
            )
            if moved.duplicate_key != worker.duplicate_key:
                state[REGROUPING] = [*document.get(REGROUPING, []), worker.duplicate_key]
            await self.cases._save(document, state, [event, *corrections], now)
            await self.cases._finish_regrouping(await self.cases.get_worker(worker_id), now)
            return accepted

        return await self.cases._change(worker_id, decide)

    async def refuse(self, worker_id: str, transfer_id: str, command: RefuseTransfer) -> Transfer:
        """The receiving commune refuses: the case stays where it is."""

        async def decide(document: Document, now: datetime) -> Transfer:
            history = transfers_of(document)
            transfer = _find(history, worker_id, transfer_id)
            if transfer.status is TransferStatus.REFUSED:
                return transfer
            refused, event = refuse_transfer(transfer, command, now=now)
            state = _transfers_state(_replaced(history, refused))
            await self.cases._save(document, state, [event], now)
            return refused

        return await self.cases._change(worker_id, decide)

    # -- referrals ------------------------------------------------------------------------------

    async def refer(self, worker_id: str, command: ReferWorker, referral_id: str) -> Referral:
        """Records a referral (the same id twice records it once)."""

        async def decide(document: Document, now: datetime) -> Referral:
            history = _referrals_of(document)
            for referral in history:
                if referral.referral_id == referral_id:
                    return referral
            worker = Worker.model_validate(document)
            referral, event = refer_worker(worker, command, referral_id=referral_id, now=now)
            state = {REFERRALS: [r.model_dump(mode="json") for r in [*history, referral]]}
            await self.cases._save(document, state, [event], now)
            return referral

        return await self.cases._change(worker_id, decide)

    async def referrals(self, worker_id: str) -> list[Referral]:
        """Returns the worker's referrals, newest first."""
        return _referrals_of(await self.cases.get_worker(worker_id))[::-1]

    async def record_outcome(
        self, worker_id: str, referral_id: str, command: RecordReferralOutcome
    ) -> Referral:
        """Records what came of a referral; 409 if it has its outcome."""

        async def decide(document: Document, now: datetime) -> Referral:
            history = _referrals_of(document)
            found = [r for r in history if r.referral_id == referral_id]
            if not found:
                raise NotFoundError("referral", f"{worker_id}/{referral_id}")
            done, event = record_referral_outcome(found[0], command, now=now)
            stored = [done if r.referral_id == referral_id else r for r in history]
            state = {REFERRALS: [r.model_dump(mode="json") for r in stored]}
            await self.cases._save(document, state, [event], now)
            return done

        return await self.cases._change(worker_id, decide)


def _referrals_of(document: Document) -> list[Referral]:
    return [Referral.model_validate(r) for r in document.get(REFERRALS, [])]
