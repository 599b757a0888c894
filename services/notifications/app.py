"""Wiring of the notifications service: settings, runtime (broker, store, relay), FastAPI app."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.notifications import access, api, store
from services.notifications.domain.rules import RuleParameters
from services.notifications.handlers import (
    LICENCE_TOPICS,
    WORKER_TOPICS,
    LicenceProjection,
    WorkerFactsProjection,
)
from services.notifications.service import NotificationsService
from shared.persistence.stores import Store
from shared.settings import ServiceSettings
from shared.wiring import ServiceRuntime, create_service_app

DESCRIPTION = (
    "Alerts that reach people: rules over what intake, deployment and aftercare publish raise "
    "alerts about workers into the inboxes of the officers whose scope holds them; publishes "
    "alert.raised, alert.acknowledged and alert.resolved on homeward.notifications.events."
)
DEFAULTS = RuleParameters()


class NotificationsSettings(ServiceSettings):
    """Settings of the notifications service: ``NOTIFICATIONS_*`` variables, then unprefixed."""

    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", extra="ignore", frozen=True)

    service_name: str = "notifications"
    http_port: int = 8006
    rules_interval_s: float = Field(default=60.0, gt=0)
    no_contact_days: int = Field(default=DEFAULTS.no_contact_days, ge=0, le=3650)
    contract_ending_days: int = Field(default=DEFAULTS.contract_ending_days, ge=0, le=3650)
    loan_without_departure_days: int = Field(
        default=DEFAULTS.loan_without_departure_days, ge=0, le=3650
    )
    no_reintegration_plan_days: int = Field(
        default=DEFAULTS.no_reintegration_plan_days, ge=0, le=3650
    )

    def rule_parameters(self) -> RuleParameters:
        """Returns the rules' parameters these settings hold."""
        return RuleParameters.model_validate(
            self.model_dump(include=set(RuleParameters.model_fields))
        )


def notifications_service(
    on: Store,
    topic_prefix: str,
    notify: Callable[[], None] = lambda: None,
    parameters: RuleParameters | None = None,
) -> NotificationsService:
    """Returns notifications' use cases on the store's repositories."""
    return NotificationsService(
        store.Facts(on),
        store.Alerts(on, topic_prefix, notify),
        store.JobTicks(on),
        parameters=parameters,
    )


def create_app(settings: NotificationsSettings | None = None) -> FastAPI:
    """Returns the notifications service's app; uvicorn runs it with ``--factory``."""
    settings = settings or NotificationsSettings()
    prefix = settings.topic_prefix
    runtime = ServiceRuntime.create(settings, outbox_collections=store.OUTBOX_COLLECTIONS)
    runtime.document_publications("notifications")
    runtime.subscribe(WorkerFactsProjection(prefix), WORKER_TOPICS, store.WORKERS)
    runtime.subscribe(LicenceProjection(prefix), LICENCE_TOPICS, store.ENTERPRISES)
    service = notifications_service(
        runtime.store, prefix, runtime.relay.notify, settings.rule_parameters()
    )

    async def start_rules_job(runtime: ServiceRuntime) -> None:
        job = service.run_periodically(settings.rules_interval_s)
        runtime.run_in_background(job, name="alert-rules-job")

    app = create_service_app(
        runtime,
        title="Homeward notifications",
        description=DESCRIPTION,
        routers=api.routers,
        access_rules=access.RULES,
        prepare_store=lambda _: store.prepare(runtime.store),
        on_startup=start_rules_job,
    )
    app.state.service = service
    return app
