"""Wiring of the deployment service: settings, runtime (broker, store, relay), FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.deployment import access, api, handlers, store
from services.deployment.service import DeploymentService
from shared.idempotency import IdempotencyKeys
from shared.privacy.erasure_pass import ErasurePass
from shared.settings import ServiceSettings
from shared.wiring import ServiceRuntime, create_service_app

DESCRIPTION = (
    "Licensed enterprises and state programmes, job orders, explainable matching, placements, "
    "contracts, visas and departure. Publishes worker.departed and the placement, job order "
    "and licence events on homeward.deployment.events."
)


class DeploymentSettings(ServiceSettings):
    """Settings of the deployment service: ``DEPLOYMENT_*`` variables, then unprefixed ones."""

    model_config = SettingsConfigDict(env_prefix="DEPLOYMENT_", extra="ignore", frozen=True)

    service_name: str = "deployment"
    http_port: int = 8003
    erasure_interval_s: float = Field(default=30.0, gt=0)
    """How often a pass finishes the new erasures: the erased workers' stored answers deleted."""


def create_app(settings: DeploymentSettings | None = None) -> FastAPI:
    """Returns the deployment service's app; uvicorn runs it with ``--factory``."""
    settings = settings or DeploymentSettings()
    runtime = ServiceRuntime.create(settings, outbox_collections=store.OUTBOX_COLLECTIONS)
    runtime.document_publications("deployment")
    runtime.subscribe(
        handlers.CandidateProjection(settings.topic_prefix), handlers.READS_FROM, store.CANDIDATES
    )
    answers = IdempotencyKeys.of(runtime.store)
    erasures = ErasurePass.on(runtime.store, store.CANDIDATES, answers.forget_worker)

    async def start_erasure_pass(runtime: ServiceRuntime) -> None:
        forgetting = erasures.run_periodically(settings.erasure_interval_s)
        runtime.run_in_background(forgetting, name="erasure-job")

    app = create_service_app(
        runtime,
        title="Homeward deployment",
        description=DESCRIPTION,
        routers=[api.router],
        access_rules=access.RULES,
        prepare_store=lambda _database: store.prepare(runtime.store),
        on_startup=start_erasure_pass,
    )
    app.state.service = DeploymentService(
        store.repositories(runtime.store, settings.topic_prefix, runtime.relay.notify)
    )
    app.state.idempotency = answers
    return app
