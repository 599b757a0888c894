"""How aftercare applies the changes that waited for a second person, once approved."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.aftercare.service import CLOSURE, AftercareService
from shared.approval_desk import ApprovalDesk
from shared.approvals import Approval


class CaseClosures:
    """Closures of a returned worker's case."""

    def __init__(self, service: AftercareService) -> None:
        self.service = service

    async def basis(self, approval: Approval) -> Mapping[str, Any]:
        return await self.service.closure_facts(approval)

    async def apply(self, approval: Approval) -> None:
        await self.service.apply_closure(approval)


def handle_approvals(desk: ApprovalDesk, service: AftercareService) -> None:
    """Names aftercare's appliers on its desk, and the desk to the service."""
    desk.handle(CLOSURE, CaseClosures(service))
    service.desk = desk
