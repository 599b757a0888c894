"""Extracts the units before 2025-07-01 and the 2025 mapping into intake's data file.

    python -m tools.former_units          writes services/intake/data/former_units.json
    python -m tools.former_units --check  exits 1 if the file differs from the library's data

The source is the data bundled with ``vietnamadminunits`` (a development dependency: the
services read only our file, without its numpy, shapely and geopy). Its current codes differ
from ``vietnam-provinces``' for about a hundred renumbered wards; names agree, so a successor
is resolved to ``vietnam-provinces``' code by province and name.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import sqlite3
from pathlib import Path
from typing import Any

from vietnam_provinces import Ward

from services.intake.domain.units import FORMER_UNITS_FILE, name_key


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed (a development dependency)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(data: Path, query: str) -> list[sqlite3.Row]:
    uri = f"{(data / 'dataset.db').as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(query).fetchall()


def extract() -> dict[str, Any]:
    """The former units and the 2025 mapping, as intake's data file holds them."""
    data = _package_data("vietnamadminunits")
    provinces: dict[str, list[Any]] = {}  # code -> [name, successor province]
    districts: dict[str, list[str]] = {}  # code -> [name, province]
    communes: dict[str, list[Any]] = {}  # code -> [name, district, successor or None]
    legacy_codes: dict[str, str] = {}  # the library's "province_district_ward" key -> ward code
    province_by_key: dict[str, str] = {}
    legacy = _rows(
        data,
        "SELECT province, district, ward, provinceCode, districtCode, wardCode,"
        " provinceKey, districtKey, wardKey FROM admin_units_legacy",
    )
    for row in legacy:
        province, district = row["provinceCode"], row["districtCode"]
        provinces[province] = [row["province"], None]
        districts[district] = [row["district"], province]
        province_by_key[row["provinceKey"]] = province
        if row["wardCode"]:
            communes[row["wardCode"]] = [row["ward"], district, None]
            legacy_codes[f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"] = row[
                "wardCode"
            ]

    by_name = {
        (f"{int(w.province_code):02d}", name_key(w.name)): f"{int(w.code):05d}"
        for w in Ward.iter_all()
    }
    new_key_to_code: dict[tuple[str, str], str] = {}
    new_province_by_key: dict[str, str] = {}
    for row in _rows(data, "SELECT provinceCode, provinceKey, ward, wardKey FROM admin_units"):
        new_province_by_key[row["provinceKey"]] = row["provinceCode"]
        code = by_name.get((row["provinceCode"], name_key(row["ward"])))
        if code is not None:
            new_key_to_code[(row["provinceKey"], row["wardKey"])] = code

    converter: dict[str, Any] = json.loads((data / "converter_2025.json").read_text("utf-8"))
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            provinces[province_by_key[old_key]][1] = new_province_by_key[new_key]
    for new_province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        new_province = new_province_by_key[new_province_key]
        for new_ward_key, old_keys in wards.items():
            code = new_key_to_code.get((new_province_key, new_ward_key))
            for old_key in old_keys:
                if old_key in legacy_codes:
                    codes = [code] if code else []
                    communes[legacy_codes[old_key]][2] = [new_province, codes, code]
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
            communes[legacy_codes[old_key]][2] = [
                new_province,
                [code for code in codes_by_key.values() if code],
                codes_by_key.get(default_key) if default_key else None,
            ]
    return {
        "source": f"vietnamadminunits {importlib.metadata.version('vietnamadminunits')}",
        "provinces": dict(sorted(provinces.items())),
        "districts": dict(sorted(districts.items())),
        "communes": dict(sorted(communes.items())),
    }


def encoded(units: dict[str, Any]) -> str:
    """The file's text: one unit a line, so a change reads as a short diff."""
    lines = [f'{{"source": {json.dumps(units["source"])}']
    for part in ("provinces", "districts", "communes"):
        entries = [
            f"{json.dumps(code)}: {json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
            for code, value in units[part].items()
        ]
        lines.append(f',"{part}": {{\n' + ",\n".join(entries) + "\n}")
    return "\n".join(lines) + "}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.former_units", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    text = encoded(extract())
    if args.check:
        same = FORMER_UNITS_FILE.read_text("utf-8") == text
        print("up to date" if same else f"{FORMER_UNITS_FILE} differs from the library's data")
        return 0 if same else 1
    FORMER_UNITS_FILE.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
