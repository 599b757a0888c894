"""Consent over HTTP: withdrawn and given again per purpose, events published, bad input refused."""

from __future__ import annotations

from shared.auth import Role
from tests.intake.samples import SIN_THAU
from tests.intake.support import intake_app, intake_events, person
from tests.support.auth import TEST_SUBJECT, auth_headers
from tests.support.problems import error_locations, error_text
from tests.support.services import in_process

OTHER_COMMUNE = auth_headers(
    Role.COMMUNE_OFFICER,
    "cb-sin-thau",
    province_code=SIN_THAU["province_code"],
    commune_code=SIN_THAU["commune_code"],
)


async def test_consent_is_withdrawn_and_given_again_per_purpose(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = (await api.post("/workers", json=person(0))).json()["worker_id"]
        base = f"/workers/{worker_id}/consent"

        withdrawn = await api.post(
            f"{base}/withdrawals", json={"purposes": ["training", "aftercare"], "reason": "asked"}
        )
        assert withdrawn.status_code == 200, withdrawn.text
        consent = withdrawn.json()["consent"]
        assert consent["purposes"] == ["case_management", "placement", "statistics"]
        [change] = withdrawn.json()["consent_history"]
        assert (change["kind"], change["by"]) == ("withdrawn", TEST_SUBJECT)

        again = await api.post(base, json={"purposes": ["training", "case_management"]})
        assert again.status_code == 200, again.text
        assert again.json()["consent"]["purposes"] == ["case_management", "training"]
        assert again.json()["consent"]["recorded_by"] == TEST_SUBJECT
        assert again.json()["consent"]["notice_version"] == "2026-01"

        # attacks: unknown purposes, a body naming who acted, another commune's worker
        bad = await api.post(f"{base}/withdrawals", json={"purposes": ["training", "spam"]})
        assert bad.status_code == 422
        assert ("body", "purposes") in error_locations(bad.json())
        assert "spam" in error_text(bad.json())
        forged = await api.post(base, json={"purposes": ["training"], "given_by": "someone"})
        assert forged.status_code == 422
        assert ("body", "given_by") in error_locations(forged.json())
        assert (
            await api.post(f"{base}/withdrawals", json={"purposes": "training"})
        ).status_code == 422
        elsewhere = await api.post(
            f"{base}/withdrawals", json={"purposes": ["statistics"]}, headers=OTHER_COMMUNE
        )
        assert elsewhere.status_code == 404
        assert (
            await api.post("/workers/nobody/consent", json={"purposes": ["training"]})
        ).status_code == 404
        already = await api.post(f"{base}/withdrawals", json={"purposes": ["aftercare"]})
        assert already.status_code == 409

        events = await intake_events(kafka_bootstrap, unique, until=lambda es: len(es) >= 3)
    consent_events = [e for e in events if e["type"].startswith("consent.")]
    assert [e["type"] for e in consent_events] == ["consent.withdrawn", "consent.given"]
    assert consent_events[0]["data"]["withdrawn_purposes"] == ["training", "aftercare"]
    assert consent_events[1]["data"]["purposes"] == ["case_management", "training"]
    assert consent_events[1]["data"]["given_by"] == TEST_SUBJECT
