"""Wiring of the aftercare service: settings, runtime (broker, store, relay), FastAPI app."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.aftercare import access, api, store
from services.aftercare.approvals import handle_approvals
from services.aftercare.domain.checkins import DEFAULT_NO_CONTACT_DAYS
from services.aftercare.domain.contract_end import DEFAULT_WINDOW_DAYS
from services.aftercare.handlers import (
    CASE_TOPICS,
    INCIDENT_TOPICS,
    CaseProjection,
    IncidentProjection,
)
from services.aftercare.service import AftercareService
from shared import approval_desk, approvals_api
from shared.idempotency import IdempotencyKeys
from shared.outbox import SET_ASIDE
from shared.persistence.stores import Store
from shared.privacy.erasure_pass import ErasurePass
from shared.settings import ServiceSettings
from shared.wiring import ServiceRuntime, create_service_app

DESCRIPTION = (
    "Workers abroad: check-ins, remittances, incidents, contract ends; return and reintegration. "
    "Reads every service's worker events into each worker's case and timeline; publishes "
    "worker.returned and the aftercare events on homeward.aftercare.events."
)


class AftercareSettings(ServiceSettings):
    """Settings of the aftercare service: ``AFTERCARE_*`` variables, then unprefixed ones."""

    model_config = SettingsConfigDict(env_prefix="AFTERCARE_", extra="ignore", frozen=True)

    service_name: str = "aftercare"
    http_port: int = 8004
    no_contact_days: int = Field(default=DEFAULT_NO_CONTACT_DAYS, ge=0)
    contract_end_window_days: int = Field(default=DEFAULT_WINDOW_DAYS, ge=0)
    escalation_interval_s: float = Field(default=300.0, gt=0)
    # How often the write logs, stored answers and approvals of newly erased workers are
    # rewritten without their personal data (their case view forgets them at once).
    erasure_interval_s: float = Field(default=30.0, gt=0)


def aftercare_service(
    on: Store, topic_prefix: str, notify: Callable[[], None] = lambda: None
) -> AftercareService:
    """Returns aftercare's use cases on the store's repositories."""
    service = AftercareService(
        store.Cases(on),
        store.WriteLog(on, store.CASE_WRITES, topic_prefix, notify),
        store.WriteLog(on, store.INCIDENT_WRITES, topic_prefix, notify),
        store.IncidentListings(on),
        store.Remittances(on, topic_prefix, notify),
        store.Tickets(on),
    )
    service.erasures = ErasurePass.on(on, store.CASES, service.forget_erased_worker)
    return service


def create_app(settings: AftercareSettings | None = None) -> FastAPI:
    """Returns the aftercare service's app; uvicorn runs it with ``--factory``."""
    settings = settings or AftercareSettings()
    prefix = settings.topic_prefix
    runtime = ServiceRuntime.create(settings, outbox_collections=store.OUTBOX_COLLECTIONS)
    runtime.document_publications("aftercare")
    runtime.subscribe(CaseProjection(prefix), CASE_TOPICS, store.CASES)
    runtime.subscribe(IncidentProjection(prefix), INCIDENT_TOPICS, store.INCIDENTS)
    service = aftercare_service(runtime.store, prefix, runtime.relay.notify)
    service.no_contact_days = settings.no_contact_days
    service.ending_window_days = settings.contract_end_window_days
    desk = approval_desk.ApprovalDesk(
        "aftercare",
        approval_desk.ApprovalQueue(runtime.store),
        approval_desk.ApprovalRules(runtime.store),
    )
    handle_approvals(desk, service)
    idempotency = IdempotencyKeys.of(runtime.store)
    service.stored_answers = idempotency
    service.set_aside = runtime.store.collection(SET_ASIDE)

    async def prepare_store(_: object) -> None:
        await store.prepare(runtime.store)
        await approval_desk.prepare(runtime.store)

    async def start_escalation_job(runtime: ServiceRuntime) -> None:
        job = service.escalate_periodically(settings.escalation_interval_s)
        runtime.run_in_background(job, name="escalation-job")
        forgetting = service.forget_erased_periodically(settings.erasure_interval_s)
        runtime.run_in_background(forgetting, name="erasure-job")

    app = create_service_app(
        runtime,
        title="Homeward aftercare",
        description=DESCRIPTION,
        routers=[*api.routers, approvals_api.router],
        access_rules=access.RULES,
        prepare_store=prepare_store,
        on_startup=start_escalation_job,
    )
    app.state.service = service
    app.state.idempotency = idempotency
    app.state.approvals = desk
    return app
