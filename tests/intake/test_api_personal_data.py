"""The personal-data export over HTTP: intake's record and training's part (a real process
asked with the caller's token), a service that does not answer named as missing, the PDF in
Vietnamese, the export audited, and another commune's worker a 404."""

from __future__ import annotations

import io
from typing import Any

import httpx
from pypdf import PdfReader

from shared.auth import Role
from tests.intake.samples import SIN_THAU
from tests.intake.support import eventually, person
from tests.support.auth import TEST_SUBJECT, auth_headers
from tests.support.infrastructure import ROOT
from tests.support.services import (
    ServiceProcess,
    free_port,
    in_process,
    service_app,
    settings_env,
)

OTHER_COMMUNE = auth_headers(
    Role.COMMUNE_OFFICER,
    "cb-sin-thau",
    province_code=SIN_THAU["province_code"],
    commune_code=SIN_THAU["commune_code"],
)


async def test_the_export_gathers_every_part_and_names_what_is_missing(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    logs = ROOT / ".local" / "test-logs"
    logs.mkdir(parents=True, exist_ok=True)
    training = ServiceProcess(
        "training",
        settings_env("training", unique, kafka_bootstrap, mongodb_url),
        free_port(),
        logs / f"{unique}-training.log",
    )
    silent = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    env = settings_env(
        "intake",
        unique,
        kafka_bootstrap,
        mongodb_url,
        training_url=training.url,
        aftercare_url=silent,
    )
    training.start()
    try:
        await training.wait_ready(90)
        async with in_process(service_app("intake", env)) as api:
            body = person(0)
            worker_id = (await api.post("/workers", json=body)).json()["worker_id"]

            async def training_knows() -> bool:
                async with httpx.AsyncClient(base_url=training.url, headers=api.headers) as t:
                    return (await t.get(f"/workers/{worker_id}/training")).status_code == 200

            assert await eventually(training_knows), "training never heard of the worker"

            answer = await api.get(f"/workers/{worker_id}/personal-data")
            assert answer.status_code == 200, answer.text
            export = answer.json()
            assert (export["worker_id"], export["exported_by"]) == (worker_id, TEST_SUBJECT)
            where = [(p["service"], p["where"]) for p in export["pieces"]]
            assert where == [("intake", "workers"), ("training", "candidates")]
            intake_part = export["pieces"][0]
            assert intake_part["purposes"] == ["case_management"]
            assert intake_part["data"]["national_id"] == body["national_id"]
            assert intake_part["data"]["family_contact"]["name"] == "Đinh Văn Hội"
            assert "outbox" not in intake_part["data"]
            assert export["complete"] is False
            assert {(m["service"], m["reason"]) for m in export["missing"]} == {
                ("deployment", "not_configured"),
                ("aftercare", "unavailable"),
            }

            pdf = await api.get(
                f"/workers/{worker_id}/personal-data", headers={"Accept": "application/pdf"}
            )
            assert pdf.status_code == 200
            assert pdf.headers["content-type"] == "application/pdf"
            text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
            assert "Dữ liệu cá nhân của người lao động" in text
            assert "Đinh Thị Linh" in text
            assert "không phản hồi" in text  # aftercare did not answer
            again = await api.get(f"/workers/{worker_id}/personal-data?format=pdf")
            assert again.content[:5] == b"%PDF-"

            # attacks: another commune's worker, a format nobody offers, an id out of shape
            elsewhere = await api.get(f"/workers/{worker_id}/personal-data", headers=OTHER_COMMUNE)
            assert elsewhere.status_code == 404
            assert (
                await api.get(f"/workers/{worker_id}/personal-data?format=xls")
            ).status_code == 422
            assert (await api.get("/workers/nobody/personal-data")).status_code == 404

        audit = store_client[f"{unique}_intake"]["audit"]
        exports = [r.headers["X-Correlation-ID"] for r in (answer, pdf, again)]
        audited = await audit.distinct(
            "correlation_id",
            {"route": "/workers/{worker_id}/personal-data", "worker_id": worker_id, "status": 200},
        )
        assert set(exports) <= set(audited)
        asked = store_client[f"{unique}_training"]["audit"]
        asked_for = await asked.distinct(
            "correlation_id", {"route": "/workers/{worker_id}/personal-data"}
        )
        assert sorted(asked_for) == sorted(exports)  # one trail across both services
    finally:
        training.stop()
