"""Our file of the units before 2025-07-01 and the 2025 mapping matches the library it was
extracted from (``vietnamadminunits``, a development dependency)."""

from __future__ import annotations

import json

from services.intake.domain.units import FORMER_UNITS_FILE, administrative_units
from tools import former_units


def test_the_file_holds_what_the_library_holds() -> None:
    extracted = former_units.extract()
    assert former_units.encoded(extracted) == FORMER_UNITS_FILE.read_text("utf-8")
    assert len(extracted["provinces"]) == 63
    assert len(extracted["districts"]) == 696
    assert len(extracted["communes"]) == 10035


def test_the_units_read_from_the_file_map_every_former_commune() -> None:
    units = administrative_units()
    assert len(units.former_communes) == len(units.commune_successors) == 10035
    assert set(units.province_successors.values()) == set(units.current_provinces)
    stored = json.loads(FORMER_UNITS_FILE.read_text("utf-8"))
    assert stored["source"].startswith("vietnamadminunits ")
