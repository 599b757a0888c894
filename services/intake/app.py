"""Wiring of the intake service: settings, runtime (broker, store, relay), FastAPI app."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict

from services.intake import access, api, reference_api, store
from services.intake.handlers import (
    JourneyEndProjection,
    LegalHoldProjection,
    LicenceRegisterProjection,
    TransferListProjection,
    deaths_first_heard,
)
from services.intake.personal_data import PersonalDataGatherer
from services.intake.service import ImportJobs, IntakeService
from services.intake.service.approvals import handle_approvals
from services.intake.service.workers import KeyEraser, utc_now
from shared import approval_desk, approvals_api
from shared.consumer import FoldedView
from shared.events.topics import Topic
from shared.idempotency import IdempotencyKeys
from shared.outbox import SET_ASIDE
from shared.persistence.stores import Store
from shared.privacy.lookup import LookupKeys
from shared.privacy.retention_job import enforce_periodically
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
    retention_interval_s: float = 6 * 3600.0
    """How often intake enforces its retention rules (import files, rows, keys, audit)."""
    training_url: str | None = None
    deployment_url: str | None = None
    aftercare_url: str | None = None
    """Where intake asks the other services for their part of a personal-data export (their
    base URLs, e.g. ``http://training:8000``); unset: the export says the part is missing."""
    personal_data_timeout_s: float = 5.0
    pdf_font_dir: str = "/usr/share/fonts/truetype/dejavu"
    """Where DejaVu Sans is (Debian's ``fonts-dejavu-core``): the export's PDF is set in it."""


def intake_service(
    on: Store,
    topic_prefix: str,
    notify: Callable[[], None],
    keys: KeyEraser | None,
    lookup: LookupKeys | None = None,
) -> IntakeService:
    """Intake's use cases on the store's repositories, with its approval desk: the app's, or
    an operator tool's (``homeward retention run`` erases through it)."""
    service = IntakeService(
        store.workers(on, topic_prefix, notify),
        store.DuplicateReviews(on),
        store.NameIndex(on),
        utc_now,
        journey_ends=store.JourneyEndsView(on),
        keys=keys,
        holds=store.LegalHoldsView(on),
        imports=store.Imports(on),
        stored_answers=IdempotencyKeys.of(on),
        set_aside=on.collection(SET_ASIDE),
        lookup=lookup,
    )
    desk = approval_desk.ApprovalDesk(
        "intake", approval_desk.ApprovalQueue(on), approval_desk.ApprovalRules(on), utc_now
    )
    handle_approvals(desk, service)
    return service


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    """Returns the intake service's app; uvicorn runs it with ``--factory``."""
    settings = settings or IntakeSettings()
    runtime = ServiceRuntime.create(settings, outbox_collections=store.OUTBOX_COLLECTIONS)
    runtime.document_publications("intake")
    journey_ends = runtime.subscribe(
        JourneyEndProjection(settings.topic_prefix), [Topic.AFTERCARE], store.JOURNEY_ENDS
    )
    runtime.subscribe(
        LegalHoldProjection(settings.topic_prefix), [Topic.AFTERCARE], store.LEGAL_HOLDS
    )
    runtime.subscribe(
        LicenceRegisterProjection(settings.topic_prefix),
        [Topic.DEPLOYMENT],
        store.LICENCE_REGISTER,
    )
    runtime.subscribe(
        TransferListProjection(settings.topic_prefix), [Topic.INTAKE], store.TRANSFER_LIST
    )
    service = intake_service(
        runtime.store, settings.topic_prefix, runtime.relay.notify, runtime.keys, runtime.lookup
    )
    desk = service.desk
    assert desk is not None

    async def mark_deaths(folds: Sequence[FoldedView]) -> None:
        await service.note_deaths_heard(deaths_first_heard(folds))

    journey_ends.before_write = mark_deaths
    imports = ImportJobs(
        store.Imports(runtime.store), service, utc_now, store.LicenceRegister(runtime.store)
    )

    async def prepare_store(_: object) -> None:
        await store.prepare(runtime.store)
        await approval_desk.prepare(runtime.store)
        await service.mark_deaths_heard_earlier()
        await service.reviews.drop_unkeyed_twin_keys()

    async def resume_imports(_: ServiceRuntime) -> None:
        imports.start_resuming()
        job = enforce_periodically(
            "intake",
            runtime.store,
            settings.retention_interval_s,
            utc_now,
            eraser=service.erase_past_retention,
        )
        runtime.run_in_background(job, name="retention-job")

    app = create_service_app(
        runtime,
        title="Homeward intake",
        description=DESCRIPTION,
        routers=[api.router, approvals_api.router, reference_api.router],
        access_rules=access.RULES,
        prepare_store=prepare_store,
        on_startup=resume_imports,
        upload_paths=["/imports", "/imports/cases"],
    )
    runtime_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with runtime_lifespan(app):
            try:
                yield
            finally:
                await imports.stop()  # before the runtime closes the store client
                await service.names.close()

    app.router.lifespan_context = lifespan
    app.state.service = service
    app.state.imports = imports
    app.state.transfer_list = store.TransferList(runtime.store)
    app.state.personal_data = PersonalDataGatherer(
        {
            "training": settings.training_url,
            "deployment": settings.deployment_url,
            "aftercare": settings.aftercare_url,
        },
        settings.personal_data_timeout_s,
    )
    app.state.pdf_font_dir = Path(settings.pdf_font_dir)
    app.state.approvals = desk
    app.state.idempotency = IdempotencyKeys.of(runtime.store)
    return app
