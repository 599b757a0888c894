"""Personal data never reaches a log line: the scanner itself, and a worker's journey's logs.

The whole suite's logs are scanned at the end of every run (tests/conftest.py); these tests
show the scanner finds what it must and that the logs it reads are really being written.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from shared.logging import LOG_DIR_VARIABLE
from tests.intake.samples import SIN_THAU
from tests.intake.support import person
from tests.support.services import in_process, service_app, settings_env
from tools.log_scan import scan_text


def test_the_scanner_finds_national_ids_and_phones_in_any_usual_form() -> None:
    line = (
        '{"cccd": "051199123456", "phone": "0912 345 678", "other": "+84 912 345 679", '
        '"raw": "0987654321", "intl": "84912000111"}'
    )
    kinds = [f.kind for f in scan_text(line)]
    assert kinds == ["national ID", "phone", "phone", "phone", "phone"]
    assert all("123456" not in str(f) for f in scan_text(line))  # findings are masked too


def test_the_scanner_leaves_ids_offsets_and_times_alone() -> None:
    ids = [str(uuid.UUID(int=n * 10**20 + 123456789012)) for n in range(1, 5)]
    line = (
        f'{{"event_id": "{ids[0]}", "worker_id": "{ids[1]}", "offset": 1763935123456, '
        '"sha256": "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "at": "2026-11-23T22:01:02.123456Z", '
        '"amount_vnd": 80000000, "phone": "***", "national_id_masked": "********3456"}'
    )
    assert scan_text(line) == []


async def test_a_registration_and_its_refusals_log_no_personal_data(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    body = person(7, locality=dict(SIN_THAU))
    app = service_app("intake", settings_env("intake", unique, kafka_bootstrap, mongodb_url))
    async with in_process(app) as api:
        created = await api.post("/workers", json=body)
        assert created.status_code == 201
        worker_id = created.json()["worker_id"]
        again = await api.post("/workers", json=body)  # the national ID is taken: 409
        assert again.status_code == 409
        bad = await api.post("/workers", json={**body, "national_id": body["national_id"][:-1]})
        assert bad.status_code == 422
        assert body["national_id"][:-1] not in bad.text

    log_file = Path(os.environ[LOG_DIR_VARIABLE]) / f"intake-{os.getpid()}.jsonl"
    text = log_file.read_text(encoding="utf-8")
    assert worker_id in text, "the service's log lines must reach the copy the suite scans"
    digits = {
        "".join(c for c in value if c.isdigit())
        for value in (body["national_id"], body["phone"], body["family_contact"]["phone"])
    }
    assert not [d for d in digits if d in text.replace(" ", "")]
    assert scan_text(text, str(log_file)) == []
