"""Reporting's HTTP routes: figures, the monthly report, drill-down, targets, the dashboard.

Every route but the dashboard's page and scripts (which hold no figures) needs a bearer token
(``access.RULES``); a caller bound to a province sees that province only, and a commune officer
their commune only: anything else answers 404, as for a province with no data.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

import httpx
import plotly
from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import AfterValidator

from services.reporting import examples as ex
from services.reporting.domain.exports import report_csv, report_json, report_xlsx
from services.reporting.domain.figures import Period, Scope, Units, reportable_moment
from services.reporting.domain.targets import SetTargets, Targets
from services.reporting.domain.units import current_provinces
from services.reporting.models import AftercareTiles, EvidenceView, FactView, ReportView
from services.reporting.service import ReportingService
from shared.actor import acted_by
from shared.auth import Caller, Principal, Reach
from shared.downloads import XLSX, csv_download, download
from shared.errors import NotFoundError
from shared.pages import Page, Paged

province_routes = APIRouter(prefix="/provinces/{province_code}", tags=["reports"])
target_routes = APIRouter(prefix="/provinces/{province_code}/targets", tags=["targets"])
dashboard_routes = APIRouter(prefix="/dashboard", tags=["dashboard"])
operations = APIRouter(tags=["operations"])
routers = (province_routes, target_routes, operations)
"""The protected routers; ``dashboard_routes`` are public (the page fetches with a token)."""

DASHBOARD = Path(str(files("services.reporting") / "dashboard"))
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
ASSETS = {
    "plotly.min.js": (PLOTLY_JS, "text/javascript"),
    "dashboard.js": (DASHBOARD / "dashboard.js", "text/javascript"),
    "dashboard.css": (DASHBOARD / "dashboard.css", "text/css"),
}


async def get_service(request: Request) -> ReportingService:
    service: ReportingService = request.app.state.service
    return service


class Format(StrEnum):
    """The forms of the monthly report."""

    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


Service = Annotated[ReportingService, Depends(get_service)]
ProvinceCode = Annotated[
    str,
    PathParam(pattern=r"^\d{2}$", description="Province code (current, or former if units=former)"),
]
CommuneCode = Annotated[
    str | None, Query(pattern=r"^\d{5}$", description="Only this commune's figures")
]
UnitsQuery = Annotated[
    Units,
    Query(description="Group by today's units or by the units before the 2025 reorganisation"),
]
AsOf = Annotated[
    datetime | None,
    Query(description="Count only events recorded and received by then (default: now)"),
    AfterValidator(lambda moment: None if moment is None else reportable_moment(moment)),
]
FigureId = Annotated[str, PathParam(max_length=120, description="e.g. departures.market.JP")]
Month = Annotated[
    str,
    PathParam(pattern=r"^(19|2\d)\d\d-(0[1-9]|1[0-2])$", description="YYYY-MM, 1900-01 to 2999-12"),
]


def in_scope(principal: Principal, province_code: str, commune: str | None = None) -> Scope:
    """Returns the scope the caller asked for if it lies in theirs, else raises NotFoundError."""
    return scope_of(principal, province_code, Units.CURRENT, commune)


def scope_of(principal: Principal, province_code: str, units: Units, commune: str | None) -> Scope:
    """Returns the report's scope, narrowed to the caller's own commune if they are bound to
    one; a province outside the caller's reach is not found."""
    reach = principal.reach
    if reach is not Reach.NATION and principal.province_code != province_code:
        raise NotFoundError("province", province_code)
    if reach is Reach.COMMUNE:
        if commune not in (None, principal.commune_code):
            raise NotFoundError("commune", commune or "")
        commune = principal.commune_code
    return Scope(province_code, units, commune)


@province_routes.get("/figures", response_model=ReportView, summary="Every figure for a period")
async def figures(
    service: Service,
    principal: Caller,
    province_code: ProvinceCode,
    from_: Annotated[date, Query(alias="from", description="First day, included")],
    to: Annotated[date, Query(description="Last day, included")],
    commune: CommuneCode = None,
    units: UnitsQuery = Units.CURRENT,
    as_of: AsOf = None,
) -> dict[str, Any]:
    report = await service.report(
        scope_of(principal, province_code, units, commune), Period.between(from_, to), as_of
    )
    return report_json(report)


@province_routes.get(
    "/figures/{figure_id}/events",
    response_model=EvidenceView,
    summary="The events behind one figure (drill-down)",
)
async def figure_events(
    service: Service,
    principal: Caller,
    province_code: ProvinceCode,
    figure_id: FigureId,
    from_: Annotated[date, Query(alias="from")],
    to: date,
    commune: CommuneCode = None,
    units: UnitsQuery = Units.CURRENT,
    as_of: AsOf = None,
) -> EvidenceView:
    scope = scope_of(principal, province_code, units, commune)
    return await _evidence(service, scope, Period.between(from_, to), figure_id, as_of)


@province_routes.get(
    "/reports/monthly/{month}",
    summary="The monthly report for the ministry (JSON, CSV or XLSX)",
    responses={200: {"content": {"text/csv": {}, XLSX: {}}}},
)
async def monthly_report(
    service: Service,
    principal: Caller,
    province_code: ProvinceCode,
    month: Month,
    format: Annotated[Format, Query(description="json, csv or xlsx")] = Format.JSON,
    commune: CommuneCode = None,
    units: UnitsQuery = Units.CURRENT,
    as_of: AsOf = None,
) -> Response:
    report = await service.report(
        scope_of(principal, province_code, units, commune), Period.month(month), as_of
    )
    name = f"homeward-{province_code}-{month}-{units.value}"
    if format == Format.CSV:
        return csv_download(report_csv(report), f"{name}.csv")
    if format == Format.XLSX:
        since_january = Period.between(
            report.period.starts_on.replace(month=1, day=1), report.period.ends_on
        )
        scope = scope_of(principal, province_code, units, commune)
        year = await service.report(scope, since_january, report.as_of)
        return download(report_xlsx(report, year), XLSX, f"{name}.xlsx")
    return Response(
        ReportView.model_validate(report_json(report)).model_dump_json(),
        media_type="application/json",
    )


@province_routes.get(
    "/reports/monthly/{month}/figures/{figure_id}/events",
    response_model=EvidenceView,
    summary="The events behind one figure of the monthly report",
)
async def monthly_figure_events(
    service: Service,
    principal: Caller,
    province_code: ProvinceCode,
    month: Month,
    figure_id: FigureId,
    commune: CommuneCode = None,
    units: UnitsQuery = Units.CURRENT,
    as_of: AsOf = None,
) -> EvidenceView:
    scope = scope_of(principal, province_code, units, commune)
    return await _evidence(service, scope, Period.month(month), figure_id, as_of)


async def _evidence(
    service: ReportingService, scope: Scope, period: Period, figure_id: str, as_of: datetime | None
) -> EvidenceView:
    report, facts = await service.evidence(scope, period, figure_id, as_of)
    figure = report.figure(figure_id)
    assert figure is not None
    return EvidenceView(
        figure=EvidenceView.figure_view(figure),
        as_of=report_json(report)["as_of"],
        events=[FactView.of(f) for f in facts],
    )


@province_routes.get(
    "/aftercare",
    response_model=AftercareTiles,
    summary="Aftercare's counts for the dashboard's tiles, asked of aftercare with your token",
)
async def aftercare_tiles(
    request: Request,
    principal: Caller,
    province_code: ProvinceCode,
    commune: CommuneCode = None,
) -> AftercareTiles:
    scope = scope_of(principal, province_code, Units.CURRENT, commune)
    params = {"province_code": scope.province_code}
    if scope.commune_code:
        params["commune_code"] = scope.commune_code
    headers = {"Authorization": request.headers.get("Authorization", "")}
    try:
        async with httpx.AsyncClient(base_url=request.app.state.aftercare_url, timeout=10) as api:
            answer = await api.get("/cases/overview", params=params, headers=headers)
    except httpx.HTTPError as error:
        return AftercareTiles(unavailable=f"aftercare did not answer ({type(error).__name__})")
    if answer.status_code != 200:
        return AftercareTiles(unavailable=f"aftercare answered {answer.status_code}")
    return AftercareTiles.model_validate(answer.json())


@target_routes.put("/{period}", response_model=Targets, summary="Set a period's targets")
async def set_targets(
    service: Service,
    principal: Caller,
    province_code: ProvinceCode,
    period: Annotated[str, PathParam(description="A year (2025) or years (2025-2030)")],
    command: SetTargets,
) -> Targets:
    command = acted_by(command, principal.subject)
    in_scope(principal, province_code)
    return await service.set_targets(province_code, period, command)


@target_routes.get(
    "/{period}", response_model=Page[Targets], summary="Every version of a period's targets"
)
async def targets(
    service: Service, principal: Caller, province_code: ProvinceCode, period: str, paged: Paged
) -> Page[Targets]:
    in_scope(principal, province_code)
    versions = await service.targets(province_code, period)
    return paged.page(paged.slice(versions, lambda t: str(t.version)))


@dashboard_routes.get("", response_class=HTMLResponse, summary="The provincial manager's dashboard")
async def dashboard() -> HTMLResponse:
    return HTMLResponse((DASHBOARD / "index.html").read_text(encoding="utf-8"))


@dashboard_routes.get(
    "/assets/{name}",
    summary="The dashboard's scripts, served locally",
    responses={200: ex.answer(ex.PROVINCES)},
)
async def dashboard_asset(name: str) -> Response:
    if name == "provinces.json":  # the province chooser's names: no figures
        return JSONResponse(current_provinces(), headers={"Cache-Control": "max-age=3600"})
    if name not in ASSETS:
        raise NotFoundError("asset", name)
    path, media_type = ASSETS[name]
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "max-age=3600"})


@operations.get(
    "/facts/count",
    summary="How many facts the read model holds",
    responses={200: ex.answer(ex.FACT_COUNT)},
)
async def fact_count(service: Service) -> dict[str, int]:
    return {"facts": await service.fact_count()}
