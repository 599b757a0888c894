"""Wiring of the training service: settings, runtime (broker, store, relay), FastAPI app."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from fastapi import FastAPI
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.training import access, api, store
from services.training.handlers import CandidateProjection
from services.training.service import TrainingService
from shared.events.topics import Topic
from shared.idempotency import IdempotencyKeys
from shared.persistence.stores import Store
from shared.privacy.erasure_pass import ErasurePass
from shared.settings import ServiceSettings
from shared.wiring import ServiceRuntime, create_service_app

RECOVERY_TIMEOUT_S = 5.0
DESCRIPTION = (
    "Courses, enrolment, attendance, assessments, certificates and readiness per market. "
    "Reads intake's events into its own candidate view; publishes worker.trained (once per "
    "market) and the training events on homeward.training.events."
)


class TrainingSettings(ServiceSettings):
    """Settings of the training service: ``TRAINING_*`` variables, then unprefixed ones."""

    model_config = SettingsConfigDict(env_prefix="TRAINING_", extra="ignore", frozen=True)

    service_name: str = "training"
    http_port: int = 8002
    erasure_interval_s: float = Field(default=30.0, gt=0)
    """How often a pass finishes the new erasures: certificate numbers given back from the
    register, stored answers deleted."""


def training_service(
    on: Store, topic_prefix: str, notify: Callable[[], None] = lambda: None
) -> TrainingService:
    """Returns training's use cases on the store's repositories, with the erasure pass that
    finishes each trainee's erasure."""
    service = TrainingService(
        store.Trainees(on, topic_prefix, notify),
        store.Courses(on),
        store.Providers(on),
        store.certificate_numbers(on),
    )
    service.stored_answers = IdempotencyKeys.of(on)
    service.erasures = ErasurePass.on(on, store.TRAINEES, service.forget_erased_worker)
    return service


def create_app(settings: TrainingSettings | None = None) -> FastAPI:
    """Returns the training service's app; uvicorn runs it with ``--factory``."""
    settings = settings or TrainingSettings()
    runtime = ServiceRuntime.create(settings, outbox_collections=store.OUTBOX_COLLECTIONS)
    runtime.document_publications("training")
    runtime.subscribe(
        CandidateProjection(settings.topic_prefix), [Topic.INTAKE, Topic.TRAINING], store.TRAINEES
    )
    service = training_service(runtime.store, settings.topic_prefix, runtime.relay.notify)

    async def recover_interrupted_writes(runtime: ServiceRuntime) -> None:
        forgetting = service.forget_erased_periodically(settings.erasure_interval_s)
        runtime.run_in_background(forgetting, name="erasure-job")
        # Best effort at start: if the store is still coming up, the next start does it.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(service.recover(), RECOVERY_TIMEOUT_S)

    app = create_service_app(
        runtime,
        title="Homeward training",
        description=DESCRIPTION,
        routers=[api.router],
        access_rules=access.RULES,
        prepare_store=lambda _: store.prepare(runtime.store),
        on_startup=recover_interrupted_writes,
    )
    app.state.service = service
    app.state.idempotency = IdempotencyKeys.of(runtime.store)
    return app
