"""Personal data never reaches a log line: national IDs and phones are scrubbed by structlog."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest

from shared.logging import MASK, mask_text, redact_personal_data
from tests.intake.samples import registration_body
from tests.support.services import in_process, service_app, settings_env


@pytest.mark.parametrize(
    "text",
    [
        "worker 001199012345 registered",
        "call 0912345678 today",
        "call +84 912 345 678 today",
        "call 84912345678",
        "call 091.234.5678",
    ],
)
def test_numbers_shaped_like_ids_or_phones_are_masked(text: str) -> None:
    masked = mask_text(text)
    assert MASK in masked
    assert not any(run in masked for run in ("001199012345", "912345678", "2345678"))


def test_ids_whose_last_group_is_all_digits_are_left_whole() -> None:
    # One uuid in about 280 ends in twelve digits, the shape of a CCCD.
    worker_id = "f429c57c-ceda-4003-8ab7-104070235413"
    text = f"worker {worker_id} moved; cccd 051199123456 and {worker_id.upper()}"
    assert mask_text(text) == f"worker {worker_id} moved; cccd {MASK} and {worker_id.upper()}"
    assert mask_text(f"{worker_id}0912345678") == f"{worker_id}{MASK}"


@pytest.mark.parametrize("number", ["051199123456", "0912345678", "+84912345678"])
def test_a_number_followed_by_an_ids_last_groups_is_masked(number: str) -> None:
    # The number's last eight digits and a uuid's last four groups look like one uuid.
    masked = mask_text(f"key {number}-ceda-4003-8ab7-104070235413")
    assert number[-8:] not in masked
    assert mask_text(f"{number}-f429c57c-ceda-4003-8ab7-104070235413").startswith(MASK)


def test_sensitive_keys_are_dropped_whatever_their_value() -> None:
    event = redact_personal_data(
        None,
        "info",
        {"event": "x", "national_id": "abc", "family_contact": {"name": "Hùng"}, "n": 3},
    )
    assert event == {"event": "x", "national_id": MASK, "family_contact": MASK, "n": 3}


def test_values_that_are_not_text_are_masked_as_they_would_be_rendered() -> None:
    """A careless caller logs an exception, a set or a model as a field: the renderer writes
    its repr, so that is what is masked (structlog's own ``_record`` is left alone)."""

    @dataclass
    class Contact:
        phone: str

    record = logging.LogRecord("x", logging.INFO, "f.py", 1, "m", None, None)
    fields = {"error": ValueError("CCCD 051199123456 already registered"),
              "ids": {"051199123456"}, "raw": b"0912345678", "contact": Contact("0912345678"),
              "n": 3, "ok": True, "none": None, "_record": record}  # fmt: skip
    event = redact_personal_data(None, "info", {"event": "x", **fields})
    assert not any(n in str(event) for n in ("051199123456", "0912345678"))
    assert event["error"] == f"ValueError('CCCD {MASK} already registered')"
    assert event["ids"] == [MASK]
    assert (event["n"], event["ok"], event["none"], event["_record"]) == (3, True, None, record)


async def test_registering_and_rejecting_workers_logs_no_id_or_phone(
    kafka_bootstrap: str, mongodb_url: str, unique: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = registration_body()
    app = service_app("intake", settings_env("intake", unique, kafka_bootstrap, mongodb_url))
    async with in_process(app) as api:
        assert (await api.post("/workers", json=body)).status_code == 201
        assert (await api.post("/workers", json=body)).status_code == 409
        bad = {**body, "national_id": body["national_id"][:-1] + "x"}
        assert (await api.post("/workers", json=bad)).status_code == 422
    logged = "\n".join([caplog.text, *(str(r.msg) for r in caplog.records)])
    assert logged, "the service should have logged something"
    secrets = [
        body["national_id"],
        body["national_id"][:-1],
        body["phone"].replace(" ", ""),
        body["family_contact"]["phone"].replace(" ", ""),
    ]
    for secret in secrets:
        assert secret not in logged.replace(" ", "")
