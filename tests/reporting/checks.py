"""Compares a report's figures with the independent count of tests/reporting/history.py."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tests.reporting.history import share


def assert_figures_match(figures: list[dict[str, Any]], expected: Counter[str]) -> None:
    """Every figure of the report equals the independent count, and every counted figure is
    in the report; percentages are recomputed from the counted numbers."""
    shown = {f["id"]: f["value"] for f in figures}
    wrong = []
    for figure in figures:
        fid, name, value = figure["id"], figure["figure"], figure["value"]
        if name == "departures_share_pct":
            want: Any = share(expected[f"departures.{figure['breakdown']}.{figure['key']}"],
                              expected["departures"])  # fmt: skip
        elif name == "achievement_pct":
            suffix = "" if figure["breakdown"] == "total" else f".commune.{figure['key']}"
            want = share(expected[f"departures_to_date{suffix}"], expected[f"target{suffix}"])
        elif name == "commune_without_worker_abroad":
            want = value if expected[f"abroad.commune.{figure['key']}"] == 0 else "has workers"
        else:
            want = expected.get(fid, 0)
        if value != want:
            wrong.append(f"{fid}: report {value!r}, independent count {want!r}")
    missing = [k for k, v in expected.items() if v and k not in shown]
    assert not wrong, f"figures differ from the independent count: {wrong}"
    assert not missing, f"counted but missing from the report: {missing}"
    assert (
        len([f for f in figures if f["figure"] == "commune_without_worker_abroad"])
        == expected["communes_without_worker_abroad"]
    )
