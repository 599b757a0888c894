import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.evidence_view import EvidenceView
from ...models.problem import Problem
from ...models.units import Units
from ...types import UNSET, Response, Unset


def _get_kwargs(
    province_code: str,
    figure_id: str,
    *,
    from_: datetime.date,
    to: datetime.date,
    commune: None | str | Unset = UNSET,
    units: Units | Unset = UNSET,
    as_of: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    json_commune: None | str | Unset
    if isinstance(commune, Unset):
        json_commune = UNSET
    else:
        json_commune = commune
    params["commune"] = json_commune

    json_units: str | Unset = UNSET
    if not isinstance(units, Unset):
        json_units = units.value

    params["units"] = json_units

    json_as_of: None | str | Unset
    if isinstance(as_of, Unset):
        json_as_of = UNSET
    elif isinstance(as_of, datetime.datetime):
        json_as_of = as_of.isoformat()
    else:
        json_as_of = as_of
    params["as_of"] = json_as_of

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reporting/provinces/{province_code}/figures/{figure_id}/events".format(
            province_code=quote(str(province_code), safe=""),
            figure_id=quote(str(figure_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EvidenceView | Problem | None:
    if response.status_code == 200:
        response_200 = EvidenceView.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 431:
        response_431 = Problem.from_dict(response.json())

        return response_431

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EvidenceView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    province_code: str,
    figure_id: str,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
    commune: None | str | Unset = UNSET,
    units: Units | Unset = UNSET,
    as_of: datetime.datetime | None | Unset = UNSET,
) -> Response[EvidenceView | Problem]:
    """The events behind one figure (drill-down)

    Args:
        province_code (str): Province code (current, or former if units=former)
        figure_id (str): e.g. departures.market.JP
        from_ (datetime.date):
        to (datetime.date):
        commune (None | str | Unset): Only this commune's figures
        units (Units | Unset): Which administrative units a report groups by: today's, or those
            before 2025.
        as_of (datetime.datetime | None | Unset): Count only events recorded and received by then
            (default: now)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EvidenceView | Problem]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
        figure_id=figure_id,
        from_=from_,
        to=to,
        commune=commune,
        units=units,
        as_of=as_of,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    province_code: str,
    figure_id: str,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
    commune: None | str | Unset = UNSET,
    units: Units | Unset = UNSET,
    as_of: datetime.datetime | None | Unset = UNSET,
) -> EvidenceView | Problem | None:
    """The events behind one figure (drill-down)

    Args:
        province_code (str): Province code (current, or former if units=former)
        figure_id (str): e.g. departures.market.JP
        from_ (datetime.date):
        to (datetime.date):
        commune (None | str | Unset): Only this commune's figures
        units (Units | Unset): Which administrative units a report groups by: today's, or those
            before 2025.
        as_of (datetime.datetime | None | Unset): Count only events recorded and received by then
            (default: now)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EvidenceView | Problem
    """

    return sync_detailed(
        province_code=province_code,
        figure_id=figure_id,
        client=client,
        from_=from_,
        to=to,
        commune=commune,
        units=units,
        as_of=as_of,
    ).parsed


async def asyncio_detailed(
    province_code: str,
    figure_id: str,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
    commune: None | str | Unset = UNSET,
    units: Units | Unset = UNSET,
    as_of: datetime.datetime | None | Unset = UNSET,
) -> Response[EvidenceView | Problem]:
    """The events behind one figure (drill-down)

    Args:
        province_code (str): Province code (current, or former if units=former)
        figure_id (str): e.g. departures.market.JP
        from_ (datetime.date):
        to (datetime.date):
        commune (None | str | Unset): Only this commune's figures
        units (Units | Unset): Which administrative units a report groups by: today's, or those
            before 2025.
        as_of (datetime.datetime | None | Unset): Count only events recorded and received by then
            (default: now)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EvidenceView | Problem]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
        figure_id=figure_id,
        from_=from_,
        to=to,
        commune=commune,
        units=units,
        as_of=as_of,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    province_code: str,
    figure_id: str,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
    commune: None | str | Unset = UNSET,
    units: Units | Unset = UNSET,
    as_of: datetime.datetime | None | Unset = UNSET,
) -> EvidenceView | Problem | None:
    """The events behind one figure (drill-down)

    Args:
        province_code (str): Province code (current, or former if units=former)
        figure_id (str): e.g. departures.market.JP
        from_ (datetime.date):
        to (datetime.date):
        commune (None | str | Unset): Only this commune's figures
        units (Units | Unset): Which administrative units a report groups by: today's, or those
            before 2025.
        as_of (datetime.datetime | None | Unset): Count only events recorded and received by then
            (default: now)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EvidenceView | Problem
    """

    return (
        await asyncio_detailed(
            province_code=province_code,
            figure_id=figure_id,
            client=client,
            from_=from_,
            to=to,
            commune=commune,
            units=units,
            as_of=as_of,
        )
    ).parsed
