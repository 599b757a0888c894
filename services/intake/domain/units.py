"""Administrative units, current (34 provinces since 2025-07-01) and former (63 provinces).

Current units come from ``vietnam-provinces``; former provinces, districts and communes and the
2025 mapping from former to current come from our data file, ``services/intake/data/
former_units.json``, extracted from ``vietnamadminunits`` by ``python -m tools.former_units``
(a test checks it against the library). Both are read once, on first use, and cached: no I/O
beyond the installed package data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from vietnam_provinces import Province, Ward

from services.intake.domain.names import name_tokens
from services.intake.domain.problems import Problem
from shared.contracts.common import Locality
from shared.messages import Phrase

PROVINCE_DIGITS = 2
DISTRICT_DIGITS = 3
COMMUNE_DIGITS = 5
FORMER_UNITS_FILE = Path(__file__).resolve().parents[1] / "data" / "former_units.json"


@dataclass(frozen=True)
class CurrentProvince:
    """A province or centrally governed city since 2025-07-01."""

    code: str
    name: str


@dataclass(frozen=True)
class CurrentCommune:
    """A commune, ward or special zone since 2025-07-01."""

    code: str
    name: str
    province_code: str


@dataclass(frozen=True)
class FormerProvince:
    """One of the 63 provinces before 2025-07-01."""

    code: str
    name: str


@dataclass(frozen=True)
class FormerDistrict:
    """A district before 2025-07-01 (districts were abolished then)."""

    code: str
    name: str
    province_code: str


@dataclass(frozen=True)
class FormerCommune:
    """A commune or ward before 2025-07-01."""

    code: str
    name: str
    district_code: str
    province_code: str


@dataclass(frozen=True)
class Successor:
    """Where a former commune lies today: one current commune, or several if it was divided."""

    province_code: str
    commune_codes: tuple[str, ...]
    default_commune_code: str | None


@dataclass(frozen=True)
class AdministrativeUnits:
    """Every current and former unit by code, and the 2025 mapping between them."""

    current_provinces: Mapping[str, CurrentProvince]
    current_communes: Mapping[str, CurrentCommune]
    former_provinces: Mapping[str, FormerProvince]
    former_districts: Mapping[str, FormerDistrict]
    former_communes: Mapping[str, FormerCommune]
    province_successors: Mapping[str, str]
    commune_successors: Mapping[str, Successor]

    def successor_of_commune(self, former_commune_code: str) -> Successor | None:
        """Returns where a former commune lies today, if the mapping knows."""
        return self.commune_successors.get(former_commune_code)


def canonical_code(raw: str, digits: int) -> str | None:
    """Returns a code zero-padded to its width ("4036" gives "04036"), or None if malformed."""
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text.lstrip("0")) > digits:
        return None
    return f"{int(text):0{digits}d}"


def name_key(name: str) -> str:
    """A unit's name as a comparison key: "Phường Hoà Bình" and "Phường Hòa Bình" agree."""
    return "".join(name_tokens(name))


@cache
def administrative_units() -> AdministrativeUnits:
    """Returns every unit, loaded from the installed package's and our data on first call."""
    current_provinces = {
        f"{int(p.code):02d}": CurrentProvince(f"{int(p.code):02d}", p.name)
        for p in Province.iter_all()
    }
    current_communes = {
        f"{int(w.code):05d}": CurrentCommune(
            f"{int(w.code):05d}", w.name, f"{int(w.province_code):02d}"
        )
        for w in Ward.iter_all()
    }
    former: dict[str, Any] = json.loads(FORMER_UNITS_FILE.read_text("utf-8"))
    former_districts = {
        code: FormerDistrict(code, name, province)
        for code, (name, province) in former["districts"].items()
    }
    former_communes: dict[str, FormerCommune] = {}
    commune_successors: dict[str, Successor] = {}
    for code, (name, district, successor) in former["communes"].items():
        province = former_districts[district].province_code
        former_communes[code] = FormerCommune(code, name, district, province)
        if successor is not None:
            new_province, codes, default = successor
            commune_successors[code] = Successor(new_province, tuple(codes), default)
    return AdministrativeUnits(
        current_provinces=current_provinces,
        current_communes=current_communes,
        former_provinces={
            code: FormerProvince(code, name) for code, (name, _) in former["provinces"].items()
        },
        former_districts=former_districts,
        former_communes=former_communes,
        province_successors={
            code: successor
            for code, (_, successor) in former["provinces"].items()
            if successor is not None
        },
        commune_successors=commune_successors,
    )


def locality_problems(
    locality: Locality, field: str = "locality"
) -> tuple[Locality, list[Problem]]:
    """Returns the locality with canonical codes (former parents filled in) and its problems.

    Current province and commune must exist since 2025-07-01 and the commune must lie in the
    province; each former unit given must exist before 2025-07-01 and lie in the former unit
    above it; the former province must have been merged into the current province.
    """
    units = administrative_units()
    problems: list[Problem] = []

    def lookup(name: str, digits: int, known: Mapping[str, Any], unknown: str) -> str | None:
        raw = getattr(locality, name)
        if raw is None or not raw.strip():
            return None
        code = canonical_code(raw, digits)
        if code is None:
            problems.append(
                Problem(
                    f"{field}.{name}",
                    Phrase("must be a code of up to {digits} digits", digits=digits),
                )
            )
        elif code not in known:
            problems.append(Problem(f"{field}.{name}", unknown))
        else:
            return code
        return None

    province = lookup(
        "province_code", PROVINCE_DIGITS, units.current_provinces,
        "is not a province code since 2025-07-01 (34 provinces)",
    )  # fmt: skip
    commune = lookup(
        "commune_code", COMMUNE_DIGITS, units.current_communes,
        "is not a commune or ward code since 2025-07-01",
    )  # fmt: skip
    if province and commune and units.current_communes[commune].province_code != province:
        problems.append(Problem(f"{field}.commune_code", "is not in the province given"))

    former_province = lookup(
        "former_province_code", PROVINCE_DIGITS, units.former_provinces,
        "is not a province code before 2025-07-01 (63 provinces)",
    )  # fmt: skip
    former_district = lookup(
        "former_district_code", DISTRICT_DIGITS, units.former_districts,
        "is not a district code before 2025-07-01",
    )  # fmt: skip
    former_commune = lookup(
        "former_commune_code", COMMUNE_DIGITS, units.former_communes,
        "is not a commune or ward code before 2025-07-01",
    )  # fmt: skip
    if former_commune:
        parent = units.former_communes[former_commune].district_code
        if former_district and former_district != parent:
            problems.append(
                Problem(f"{field}.former_commune_code", "is not in the former district given")
            )
        former_district = former_district or parent
    if former_district:
        parent = units.former_districts[former_district].province_code
        if former_province and former_province != parent:
            problems.append(
                Problem(f"{field}.former_district_code", "is not in the former province given")
            )
        former_province = former_province or parent
    if former_province and province and units.province_successors.get(former_province) != province:
        problems.append(
            Problem(
                f"{field}.former_province_code",
                "was not merged into the current province given (2025 reorganisation)",
            )
        )
    canonical = Locality(
        province_code=province or locality.province_code,
        commune_code=commune or locality.commune_code,
        former_province_code=former_province or locality.former_province_code,
        former_district_code=former_district or locality.former_district_code,
        former_commune_code=former_commune or locality.former_commune_code,
    )
    return canonical, problems


def current_units_of(former_commune_code: str) -> Successor | None:
    """Returns the current province and commune(s) of a former commune, where known."""
    code = canonical_code(former_commune_code, COMMUNE_DIGITS)
    return administrative_units().successor_of_commune(code) if code else None
