"""The personal-data export: intake's own record, and every other service's part, asked over
HTTP with the caller's own token (each service checks its role and scope as for any read).

A service that is not configured, does not answer in time, refuses the caller or fails is named
under ``missing`` with the reason, and the export says it is not complete (still a 200: the
officer gets what could be gathered, and sees what is not there). A 404 means the service holds
nothing about the worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime

import httpx

from shared.logging import current_correlation_id, get_logger
from shared.privacy.export import (
    Holdings,
    Missing,
    MissingReason,
    PersonalDataExport,
    Piece,
    holding,
    piece,
)
from shared.store import Document
from shared.wiring import CORRELATION_HEADER

log = get_logger(__name__)
ASKED = ("training", "deployment", "aftercare")
"""The services asked for their part; notifications and reporting keep no personal field
(docs/privacy.md) and are left out."""


class PersonalDataGatherer:
    """Asks each service for what it holds about a worker."""

    def __init__(
        self,
        urls: Mapping[str, str | None],
        timeout_s: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.urls = {service: urls.get(service) for service in ASKED}
        self.timeout_s = timeout_s
        self.transport = transport

    async def _ask(
        self, client: httpx.AsyncClient, service: str, worker_id: str, token: str
    ) -> Holdings | Missing | None:
        url = self.urls[service]
        correlation = current_correlation_id() or ""
        if not url:
            return Missing(
                service=service,
                reason=MissingReason.NOT_CONFIGURED,
                detail=f"intake has no address for {service}",
            )
        try:
            response = await client.get(
                f"{url.rstrip('/')}/workers/{worker_id}/personal-data",
                # the same correlation id: each service's audit entry ties to this export's
                headers={"Authorization": f"Bearer {token}", CORRELATION_HEADER: correlation},
            )
        except httpx.HTTPError as exc:
            log.warning("personal-data part unavailable", service=service, error=type(exc).__name__)
            return Missing(
                service=service,
                reason=MissingReason.UNAVAILABLE,
                detail=f"{service} did not answer ({type(exc).__name__})",
            )
        if response.status_code == 404:
            return None
        if response.status_code in (401, 403):
            return Missing(
                service=service,
                reason=MissingReason.NOT_PERMITTED,
                detail=f"{service} refused the caller ({response.status_code})",
            )
        if response.status_code != 200:
            return Missing(
                service=service,
                reason=MissingReason.FAILED,
                detail=f"{service} answered {response.status_code}",
            )
        return Holdings.model_validate(response.json())

    async def gather(
        self, worker_id: str, record: Document, token: str, by: str, now: datetime
    ) -> PersonalDataExport:
        """The export: intake's record, then each service's pieces, or why they are missing."""
        async with httpx.AsyncClient(timeout=self.timeout_s, transport=self.transport) as client:
            answers = await asyncio.gather(
                *(self._ask(client, service, worker_id, token) for service in ASKED)
            )
        pieces: list[Piece] = [piece(holding("intake", "workers"), record)]
        missing: list[Missing] = []
        nothing: list[str] = []
        for service, answer in zip(ASKED, answers, strict=True):
            if answer is None:
                nothing.append(service)
            elif isinstance(answer, Missing):
                missing.append(answer)
            else:
                pieces += answer.pieces
        return PersonalDataExport(
            worker_id=worker_id,
            exported_at=now,
            exported_by=by,
            complete=not missing,
            pieces=pieces,
            holds_nothing=nothing,
            missing=missing,
        )
