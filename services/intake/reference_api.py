"""Reference data for every tool built on Homeward: provinces and communes, current and former,
with the 2025 mapping, and every code list with Vietnamese and English labels.

The front door serves these routes at ``/v1/reference/...``; any authenticated role reads them.
Every answer carries an ``ETag`` and ``Cache-Control``; a request whose ``If-None-Match`` names
the current tag is answered 304 without a body. Answers are built once per process: the data
changes only with a release.
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from services.intake.domain.reference import CODE_LISTS, CODE_LISTS_BY_NAME, CodeList
from services.intake.domain.units import administrative_units, canonical_code
from shared.errors import NotFoundError

CACHE_CONTROL = "public, max-age=3600"


def _operation_id(route: APIRoute) -> str:
    return f"reference_{route.name}"


router = APIRouter(
    prefix="/reference", tags=["reference"], generate_unique_id_function=_operation_id
)

NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "`If-None-Match` names the current `ETag`: the copy held is current"}
}


PROVINCE_EXAMPLE: JsonDict = {
    "code": "51",
    "name": "Quảng Ngãi",
    "former_province_codes": ["51", "62"],
}
FORMER_PROVINCE_EXAMPLE: JsonDict = {"code": "17", "name": "Tỉnh Hòa Bình", "successor_code": "25"}
COMMUNE_EXAMPLE: JsonDict = {"code": "03646", "name": "Phường Tô Hiệu", "province_code": "14"}
FORMER_COMMUNE_EXAMPLE: JsonDict = {
    "code": "21010", "name": "Phường Lê Hồng Phong", "district_code": "522",
    "district_name": "Thành phố Quảng Ngãi", "province_code": "51",
    "successor": {"province_code": "51", "commune_codes": ["21028"],
                  "default_commune_code": "21028"},
}  # fmt: skip
CODE_LIST_EXAMPLE: JsonDict = {
    "name": "household_statuses", "description": "A household's poverty status",
    "values": [
        {"code": "poor", "vi": "Hộ nghèo", "en": "Poor household"},
        {"code": "near_poor", "vi": "Hộ cận nghèo", "en": "Near-poor household"},
        {"code": "newly_escaped_poverty", "vi": "Hộ mới thoát nghèo",
         "en": "Newly escaped poverty"},
        {"code": "other", "vi": "Khác", "en": "Other"},
    ],
}  # fmt: skip


def _page_of(example: JsonDict, next_cursor: str | None = None) -> ConfigDict:
    return ConfigDict(
        json_schema_extra={"examples": [{"items": [example], "next_cursor": next_cursor}]}
    )


class Province(BaseModel):
    """A province or centrally governed city since 2025-07-01."""

    model_config = ConfigDict(json_schema_extra={"examples": [PROVINCE_EXAMPLE]})

    code: str = Field(examples=["14"])
    name: str = Field(examples=["Sơn La"])
    former_province_codes: list[str] = Field(description="The provinces before 2025 it holds")


class FormerProvince(BaseModel):
    """One of the 63 provinces before 2025-07-01, and the province it lies in now."""

    model_config = ConfigDict(json_schema_extra={"examples": [FORMER_PROVINCE_EXAMPLE]})

    code: str = Field(examples=["17"])
    name: str = Field(examples=["Tỉnh Hòa Bình"])
    successor_code: str | None = Field(description="The current province it was merged into")


class Commune(BaseModel):
    """A commune, ward or special zone since 2025-07-01."""

    model_config = ConfigDict(json_schema_extra={"examples": [COMMUNE_EXAMPLE]})

    code: str = Field(examples=["03814"])
    name: str
    province_code: str


class Successor(BaseModel):
    """Where a former commune lies today: one commune, or several if it was divided."""

    province_code: str
    commune_codes: list[str]
    default_commune_code: str | None = Field(description="The one to choose when unsure")


class FormerCommune(BaseModel):
    """A commune or ward before 2025-07-01, its district, and where it lies today."""

    model_config = ConfigDict(json_schema_extra={"examples": [FORMER_COMMUNE_EXAMPLE]})

    code: str
    name: str
    district_code: str
    district_name: str
    province_code: str = Field(description="The province before 2025")
    successor: Successor | None


class CodeValue(BaseModel):
    """One code and its labels."""

    code: str = Field(examples=["poor"])
    vi: str = Field(examples=["Hộ nghèo"])
    en: str = Field(examples=["Poor household"])


class CodeListView(BaseModel):
    """A list of codes the API takes, with their labels, in the order a form shows them."""

    model_config = ConfigDict(json_schema_extra={"examples": [CODE_LIST_EXAMPLE]})

    name: str = Field(examples=["household_statuses"])
    description: str
    values: list[CodeValue]

    @classmethod
    def of(cls, code_list: CodeList) -> CodeListView:
        values = [CodeValue(code=c, vi=code_list.labels[c][0], en=code_list.labels[c][1])
                  for c in code_list.codes]  # fmt: skip
        return cls(name=code_list.name, description=code_list.description, values=values)


class ProvincePage(BaseModel):
    model_config = _page_of(PROVINCE_EXAMPLE)

    items: list[Province]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: end")


class FormerProvincePage(BaseModel):
    model_config = _page_of(FORMER_PROVINCE_EXAMPLE)

    items: list[FormerProvince]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: end")


class CommunePage(BaseModel):
    model_config = _page_of(COMMUNE_EXAMPLE, "03646")

    items: list[Commune]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: end")


class FormerCommunePage(BaseModel):
    model_config = _page_of(FORMER_COMMUNE_EXAMPLE, "21010")

    items: list[FormerCommune]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: end")


class CodeListPage(BaseModel):
    model_config = _page_of(CODE_LIST_EXAMPLE)

    items: list[CodeListView]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: end")


ProvinceCode = Annotated[
    str | None, Query(pattern=r"^\d{1,2}$", description="Only the units of this province")
]
Cursor = Annotated[str | None, Query(pattern=r"^\d{1,5}$", description="`next_cursor` of a page")]
Limit = Annotated[int, Query(ge=1, le=500)]
PAGES_KEPT = 256
"""Pages of units kept ready: the caller chooses the page (filter, cursor, limit), so the
pages kept are bounded; the first pages of each province stay while they are asked for."""


def cacheable(request: Request, body: bytes, next_cursor: str | None = None) -> Response:
    """The answer with its ``ETag`` and ``Cache-Control``, or 304 if the caller holds it; a
    page with a next one announces it in ``Link: <...>; rel="next"`` (RFC 8288)."""
    tag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if next_cursor is not None:
        # relative to the request: right on the service's port and behind the front door
        url = request.url.include_query_params(cursor=next_cursor)
        headers["Link"] = f'<?{url.query}>; rel="next"'
    if _names(request.headers.get("if-none-match", ""), tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def _names(if_none_match: str, tag: str) -> bool:
    """Whether an ``If-None-Match`` value names the tag (weak tags compare equal, RFC 9110)."""
    held = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in held or tag in held


def _page(rows: list[Any], cursor: str | None, limit: int) -> tuple[list[Any], str | None]:
    """The rows after ``cursor`` (a code), at most ``limit``, and the next page's cursor."""
    after = [r for r in rows if cursor is None or r.code > cursor]
    page = after[:limit]
    return page, page[-1].code if len(after) > limit else None


def _code(raw: str | None, digits: int) -> str | None:
    return canonical_code(raw, digits) if raw else None


@cache
def _provinces_body() -> bytes:
    units = administrative_units()
    former_of: dict[str, list[str]] = {}
    for former, current in sorted(units.province_successors.items()):
        former_of.setdefault(current, []).append(former)
    items = [
        Province(code=p.code, name=p.name, former_province_codes=former_of.get(p.code, []))
        for p in sorted(units.current_provinces.values(), key=lambda p: p.code)
    ]
    return ProvincePage(items=items, next_cursor=None).model_dump_json().encode()


@cache
def _former_provinces_body() -> bytes:
    units = administrative_units()
    successors = units.province_successors
    items = [
        FormerProvince(code=p.code, name=p.name, successor_code=successors.get(p.code))
        for p in sorted(units.former_provinces.values(), key=lambda p: p.code)
    ]
    return FormerProvincePage(items=items, next_cursor=None).model_dump_json().encode()


@lru_cache(maxsize=PAGES_KEPT)
def _communes_body(
    province: str | None, cursor: str | None, limit: int
) -> tuple[bytes, str | None]:
    rows = sorted(
        (c for c in administrative_units().current_communes.values()
         if province is None or c.province_code == province),
        key=lambda c: c.code,
    )  # fmt: skip
    page, next_cursor = _page(rows, cursor, limit)
    items = [Commune(code=c.code, name=c.name, province_code=c.province_code) for c in page]
    body = CommunePage(items=items, next_cursor=next_cursor).model_dump_json().encode()
    return body, next_cursor


@lru_cache(maxsize=PAGES_KEPT)
def _former_communes_body(
    province: str | None, district: str | None, cursor: str | None, limit: int
) -> tuple[bytes, str | None]:
    units = administrative_units()
    rows = sorted(
        (c for c in units.former_communes.values()
         if (province is None or c.province_code == province)
         and (district is None or c.district_code == district)),
        key=lambda c: c.code,
    )  # fmt: skip
    page, next_cursor = _page(rows, cursor, limit)
    items = []
    for commune in page:
        successor = units.commune_successors.get(commune.code)
        items.append(
            FormerCommune(
                code=commune.code,
                name=commune.name,
                district_code=commune.district_code,
                district_name=units.former_districts[commune.district_code].name,
                province_code=commune.province_code,
                successor=Successor(
                    province_code=successor.province_code,
                    commune_codes=list(successor.commune_codes),
                    default_commune_code=successor.default_commune_code,
                )
                if successor
                else None,
            )
        )
    body = FormerCommunePage(items=items, next_cursor=next_cursor).model_dump_json().encode()
    return body, next_cursor


@cache
def _code_lists_body() -> bytes:
    items = [CodeListView.of(c) for c in CODE_LISTS]
    return CodeListPage(items=items, next_cursor=None).model_dump_json().encode()


@cache
def _code_list_body(name: str) -> bytes:
    return CodeListView.of(CODE_LISTS_BY_NAME[name]).model_dump_json().encode()


@router.get(
    "/provinces",
    response_model=ProvincePage,
    responses=NOT_MODIFIED,
    summary="The 34 provinces since 2025-07-01, each with the former provinces it holds",
)
async def list_provinces(request: Request) -> Response:
    return cacheable(request, _provinces_body())


@router.get(
    "/provinces/former",
    response_model=FormerProvincePage,
    responses=NOT_MODIFIED,
    summary="The 63 provinces before 2025-07-01, each with the province it lies in now",
)
async def list_former_provinces(request: Request) -> Response:
    return cacheable(request, _former_provinces_body())


@router.get(
    "/communes",
    response_model=CommunePage,
    responses=NOT_MODIFIED,
    summary="Communes, wards and special zones since 2025-07-01, by code",
)
async def list_communes(
    request: Request,
    province_code: ProvinceCode = None,
    cursor: Cursor = None,
    limit: Limit = 500,
) -> Response:
    body, next_cursor = _communes_body(_code(province_code, 2), _code(cursor, 5), limit)
    return cacheable(request, body, next_cursor)


@router.get(
    "/communes/former",
    response_model=FormerCommunePage,
    responses=NOT_MODIFIED,
    summary="Communes and wards before 2025-07-01, with where each lies today (2025 mapping)",
)
async def list_former_communes(
    request: Request,
    province_code: Annotated[
        str | None, Query(pattern=r"^\d{1,2}$", description="A province before 2025")
    ] = None,
    district_code: Annotated[
        str | None, Query(pattern=r"^\d{1,3}$", description="A district before 2025")
    ] = None,
    cursor: Cursor = None,
    limit: Limit = 500,
) -> Response:
    body, next_cursor = _former_communes_body(
        _code(province_code, 2), _code(district_code, 3), _code(cursor, 5), limit
    )
    return cacheable(request, body, next_cursor)


@router.get(
    "/code-lists",
    response_model=CodeListPage,
    responses=NOT_MODIFIED,
    summary="Every code list the API takes, with Vietnamese and English labels",
)
async def list_code_lists(request: Request) -> Response:
    return cacheable(request, _code_lists_body())


@router.get(
    "/code-lists/{name}",
    response_model=CodeListView,
    responses={**NOT_MODIFIED, 404: {"description": "no code list of that name"}},
    summary="One code list, e.g. `household_statuses`, `markets`, `incident_categories`",
)
async def read_code_list(request: Request, name: str) -> Response:
    if name not in CODE_LISTS_BY_NAME:
        raise NotFoundError("code list", name)
    return cacheable(request, _code_list_body(name))
