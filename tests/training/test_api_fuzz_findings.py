"""What the OpenAPI fuzz (tests/security/test_fuzz.py) found in training, against the real
broker and store: each answer is a documented 422 naming what is wrong, never a 500 or a 400."""

from __future__ import annotations

from tests.support.problems import error_codes, error_locations
from tests.support.services import in_process
from tests.training.support import provider_body, training_app


async def test_odd_requests_get_a_422_naming_what_is_wrong(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = training_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api:
        # A number past 8 bytes (a skip, once) used to reach the store and fail there.
        huge = await api.get("/courses", params={"limit": 2**95})
        assert huge.status_code == 422, huge.text
        assert error_locations(huge.json())[0] == ("query", "limit")

        # PostgreSQL under FerretDB stores no U+0000: the write failed with a 500. The API
        # refuses it now, naming the field, on any store (tests/security/test_nul_text.py).
        nul = await api.post("/providers", json=provider_body(name="Trung tâm\u0000Sơn La"))
        assert nul.status_code == 422, nul.text
        assert error_codes(nul.json())[0] == "string_nul"
        assert error_locations(nul.json())[0] == ("body", "name")
        listed = await api.get("/providers")
        assert listed.status_code == 200
        assert listed.json()["items"] == []

        # Bytes that are not UTF-8 got FastAPI's 400, which no route documents.
        garbled = await api.post(
            "/providers", content=b"[\xff\xfe", headers={"Content-Type": "application/json"}
        )
        assert garbled.status_code == 422, garbled.text
        assert error_locations(garbled.json())[0][0] == "body"

        # A reused Idempotency-Key with another body: a 422 shaped like every other 422.
        key = {"Idempotency-Key": f"{unique}-provider"}
        first = await api.post("/providers", json=provider_body(), headers=key)
        assert first.status_code == 201, first.text
        other = await api.post("/providers", json=provider_body(name="Khác"), headers=key)
        assert other.status_code == 422, other.text
        assert error_locations(other.json())[0] == ("header", "Idempotency-Key")
