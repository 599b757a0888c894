"""Intake's tests: load the administrative units once, before any timed (hypothesis) test."""

from __future__ import annotations

import pytest

from services.intake.domain.units import administrative_units


@pytest.fixture(scope="session", autouse=True)
def _administrative_units_loaded() -> None:
    administrative_units()
