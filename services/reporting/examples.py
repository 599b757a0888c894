"""Examples the OpenAPI document shows for reporting's answers: Quảng Ngãi's departures in
March 2026 and the events behind one figure (made-up data)."""

from __future__ import annotations

from typing import Any

from pydantic.config import JsonDict

WORKER = "9b0c6f2e-4d0a-4f57-9d59-3b1f0f1f2a11"
FIGURE: JsonDict = {
    "id": "departures.market.JP", "figure": "departures", "breakdown": "market", "key": "JP",
    "value": 37,
}  # fmt: skip
REPORT: JsonDict = {
    "province_code": "51", "province_name": "Tỉnh Quảng Ngãi", "commune_code": None,
    "units": "current", "period": {"from": "2026-03-01", "to": "2026-03-31"},
    "as_of": "2026-04-01T00:00:00Z",
    "target": {"period": "2026", "version": 2, "set_at": "2026-01-10T03:00:00Z"},
    "commune_names": {"21307": "Xã Sơn Tịnh"},
    "figures": [
        {"id": "departures", "figure": "departures", "breakdown": "total", "key": "",
         "value": 52},
        FIGURE,
        {"id": "departures.commune.21307", "figure": "departures", "breakdown": "commune",
         "key": "21307", "value": 6},
    ],
}  # fmt: skip
EVIDENCE: JsonDict = {
    "figure": FIGURE, "as_of": "2026-04-01T00:00:00Z",
    "events": [
        {"event_id": "5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "type": "worker.departed",
         "worker_id": WORKER, "on": "2026-03-18", "recorded_at": "2026-03-18T17:00:00Z",
         "received_at": "2026-03-18T17:00:01Z",
         "details": {"province_code": "51", "commune_code": "21307", "market": "JP"}},
    ],
}  # fmt: skip
PROVINCES: JsonDict = {"01": "Thành phố Hà Nội", "51": "Tỉnh Quảng Ngãi"}
FACT_COUNT: JsonDict = {"facts": 18_420}


def shown(*examples: JsonDict) -> dict[str, Any]:
    """Returns the ``json_schema_extra`` that shows the examples on a model's schema."""
    return {"examples": list(examples)}


def answer(example: JsonDict) -> dict[str, Any]:
    """Returns the entry of a route's ``responses`` that shows an example of its JSON answer."""
    return {"content": {"application/json": {"example": example}}}
