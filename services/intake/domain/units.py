"""Administrative units, current (34 provinces since 2025-07-01) and former (63 provinces).

Current units come from ``vietnam-provinces``; former provinces, districts and communes and the
2025 mapping from former to current come from the data files bundled with
``vietnamadminunits`` (it has no lookup by code, and importing it loads its address parsers).
Both are read once, on first use, and cached: no I/O beyond the installed package data.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from vietnam_provinces import Province, Ward

from services.intake.domain.names import name_tokens
from services.intake.domain.problems import Problem
from shared.contracts.common import Locality

PROVINCE_DIGITS = 2
DISTRICT_DIGITS = 3
COMMUNE_DIGITS = 5


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


def _name_key(name: str) -> str:
    """A unit's name as a comparison key: "Phường Hoà Bình" and "Phường Hòa Bình" agree."""
    return "".join(name_tokens(name))


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _legacy_rows(data: Path) -> list[sqlite3.Row]:
    uri = f"{(data / 'dataset.db').as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(
            "SELECT province, district, ward, provinceCode, districtCode, wardCode,"
            " provinceKey, districtKey, wardKey FROM admin_units_legacy"
        ).fetchall()


def _new_rows(data: Path) -> list[sqlite3.Row]:
    uri = f"{(data / 'dataset.db').as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(
            "SELECT provinceCode, provinceKey, ward, wardKey FROM admin_units"
        ).fetchall()


@cache
def administrative_units() -> AdministrativeUnits:
    """Returns every unit, loaded from the installed packages' data on first call."""
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
    data = _package_data("vietnamadminunits")
    former_provinces: dict[str, FormerProvince] = {}
    former_districts: dict[str, FormerDistrict] = {}
    former_communes: dict[str, FormerCommune] = {}
    legacy_codes: dict[str, str] = {}  # the library's "province_district_ward" key -> ward code
    province_by_key: dict[str, str] = {}
    for row in _legacy_rows(data):
        province, district = row["provinceCode"], row["districtCode"]
        former_provinces[province] = FormerProvince(province, row["province"])
        former_districts[district] = FormerDistrict(district, row["district"], province)
        province_by_key[row["provinceKey"]] = province
        if row["wardCode"]:
            ward = row["wardCode"]
            former_communes[ward] = FormerCommune(ward, row["ward"], district, province)
            legacy_codes[f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"] = ward

    # The library's current codes differ from vietnam-provinces' for about a hundred wards
    # renumbered in its data; names agree, so a successor is found by province and name.
    by_name = {(c.province_code, _name_key(c.name)): c.code for c in current_communes.values()}
    new_key_to_code: dict[tuple[str, str], str] = {}
    new_province_by_key: dict[str, str] = {}
    for row in _new_rows(data):
        new_province_by_key[row["provinceKey"]] = row["provinceCode"]
        code = by_name.get((row["provinceCode"], _name_key(row["ward"])))
        if code is not None:
            new_key_to_code[(row["provinceKey"], row["wardKey"])] = code

    converter: dict[str, Any] = json.loads((data / "converter_2025.json").read_text("utf-8"))
    province_successors = {
        province_by_key[old_key]: new_province_by_key[new_key]
        for new_key, old_keys in converter["DICT_PROVINCE"].items()
        for old_key in old_keys
    }
    commune_successors: dict[str, Successor] = {}
    for new_province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        new_province = new_province_by_key[new_province_key]
        for new_ward_key, old_keys in wards.items():
            code = new_key_to_code.get((new_province_key, new_ward_key))
            for old_key in old_keys:
                if old_key in legacy_codes:
                    codes = (code,) if code else ()
                    commune_successors[legacy_codes[old_key]] = Successor(new_province, codes, code)
    for new_province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        new_province = new_province_by_key[new_province_key]
        for old_key, parts in divided.items():
            if old_key not in legacy_codes:
                continue
            codes_by_key = {
                part["newWardKey"]: new_key_to_code.get((new_province_key, part["newWardKey"]))
                for part in parts
            }
            default_key = next((p["newWardKey"] for p in parts if p["isDefaultNewWard"]), None)
            commune_successors[legacy_codes[old_key]] = Successor(
                new_province,
                tuple(code for code in codes_by_key.values() if code),
                codes_by_key.get(default_key) if default_key else None,
            )
    return AdministrativeUnits(
        current_provinces=current_provinces,
        current_communes=current_communes,
        former_provinces=former_provinces,
        former_districts=former_districts,
        former_communes=former_communes,
        province_successors=province_successors,
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
            problems.append(Problem(f"{field}.{name}", f"must be a code of up to {digits} digits"))
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
