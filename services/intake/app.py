"""Wiring of the intake service: settings, runtime (broker, store, relay), FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict

from services.intake import api, store
from services.intake.service import IntakeService
from shared.idempotency import IdempotencyKeys
from shared.settings import ServiceSettings
from shared.wiring import ServiceRuntime, create_service_app

DESCRIPTION = (
    "Worker registration, dedupe, eligibility, consultations and loan support. "
    "Publishes the worker's lifecycle events on homeward.intake.events."
)


class IntakeSettings(ServiceSettings):
    """Settings of the intake service: ``INTAKE_*`` variables, then unprefixed ones."""

    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore", frozen=True)

    service_name: str = "intake"
    http_port: int = 8001


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    """Returns the intake service's app; uvicorn runs it with ``--factory``."""
    settings = settings or IntakeSettings()
    runtime = ServiceRuntime.create(settings, outbox_collections=store.OUTBOX_COLLECTIONS)
    runtime.document_publications("intake")
    app = create_service_app(
        runtime,
        title="Homeward intake",
        description=DESCRIPTION,
        routers=[api.router],
        prepare_store=store.prepare,
    )
    workers = store.worker_aggregates(runtime.database, settings.topic_prefix, runtime.relay.notify)
    app.state.service = IntakeService(runtime.database, workers)
    app.state.idempotency = IdempotencyKeys(runtime.database)
    return app
