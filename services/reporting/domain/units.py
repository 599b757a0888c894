"""Today's communes of a province and their names, from the installed ``vietnam-provinces``."""

from __future__ import annotations

from functools import cache

from vietnam_provinces import Province, Ward


@cache
def current_communes(province_code: str) -> dict[str, str]:
    """Returns the province's current communes and wards, code -> name (empty if unknown)."""
    if not province_code.isdigit():
        return {}
    wanted = int(province_code)
    return {
        f"{int(ward.code):05d}": ward.name
        for ward in Ward.iter_all()
        if int(ward.province_code) == wanted
    }


@cache
def province_name(province_code: str) -> str:
    """Returns the current province's name, or its code when unknown."""
    for province in Province.iter_all():
        if province_code.isdigit() and int(province.code) == int(province_code):
            return str(province.name)
    return province_code


@cache
def current_provinces() -> dict[str, str]:
    """Returns today's provinces and centrally governed cities, code -> name."""
    return {f"{int(p.code):02d}": str(p.name) for p in Province.iter_all()}
