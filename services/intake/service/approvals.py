"""How intake applies the changes that waited for a second person, once approved."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.intake.service.transfers import TRANSFER, Transfers
from services.intake.service.workers import CORRECTION, MERGE, IntakeService
from shared.approval_desk import ApprovalDesk
from shared.approvals import Approval


class WorkerCorrections:
    """Corrections of a worker's record (a household status, a national ID)."""

    def __init__(self, service: IntakeService) -> None:
        self.service = service

    async def basis(self, approval: Approval) -> Mapping[str, Any]:
        return await self.service.correction_facts(approval)

    async def apply(self, approval: Approval) -> None:
        await self.service.apply_correction(approval)


class DuplicateMerges:
    """Merges of likely duplicates ("same person")."""

    def __init__(self, service: IntakeService) -> None:
        self.service = service

    async def basis(self, approval: Approval) -> Mapping[str, Any]:
        return await self.service.merge_facts(approval)

    async def apply(self, approval: Approval) -> None:
        await self.service.apply_merge(approval)


class TransferApprovals:
    """Approvals of transfers between provinces (the receiving commune accepts after)."""

    def __init__(self, transfers: Transfers) -> None:
        self.transfers = transfers

    async def basis(self, approval: Approval) -> Mapping[str, Any]:
        return await self.transfers.transfer_facts(approval)

    async def apply(self, approval: Approval) -> None:
        await self.transfers.apply_approval(approval)


def handle_approvals(desk: ApprovalDesk, service: IntakeService) -> None:
    """Names intake's appliers on its desk, and the desk to the service."""
    desk.handle(CORRECTION, WorkerCorrections(service))
    desk.handle(MERGE, DuplicateMerges(service))
    desk.handle(TRANSFER, TransferApprovals(Transfers(service)))
    service.desk = desk
