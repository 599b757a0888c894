import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.household_status import HouseholdStatus
from ...models.market import Market
from ...models.problem import Problem
from ...models.worker_page import WorkerPage
from ...models.worker_status import WorkerStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    name: None | str | Unset = UNSET,
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    household_status: HouseholdStatus | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    status: None | Unset | WorkerStatus = UNSET,
    registered_from: datetime.date | None | Unset = UNSET,
    registered_to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_name: None | str | Unset
    if isinstance(name, Unset):
        json_name = UNSET
    else:
        json_name = name
    params["name"] = json_name

    json_province_code: None | str | Unset
    if isinstance(province_code, Unset):
        json_province_code = UNSET
    else:
        json_province_code = province_code
    params["province_code"] = json_province_code

    json_commune_code: None | str | Unset
    if isinstance(commune_code, Unset):
        json_commune_code = UNSET
    else:
        json_commune_code = commune_code
    params["commune_code"] = json_commune_code

    json_household_status: None | str | Unset
    if isinstance(household_status, Unset):
        json_household_status = UNSET
    elif isinstance(household_status, HouseholdStatus):
        json_household_status = household_status.value
    else:
        json_household_status = household_status
    params["household_status"] = json_household_status

    json_market: None | str | Unset
    if isinstance(market, Unset):
        json_market = UNSET
    elif isinstance(market, Market):
        json_market = market.value
    else:
        json_market = market
    params["market"] = json_market

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, WorkerStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_registered_from: None | str | Unset
    if isinstance(registered_from, Unset):
        json_registered_from = UNSET
    elif isinstance(registered_from, datetime.date):
        json_registered_from = registered_from.isoformat()
    else:
        json_registered_from = registered_from
    params["registered_from"] = json_registered_from

    json_registered_to: None | str | Unset
    if isinstance(registered_to, Unset):
        json_registered_to = UNSET
    elif isinstance(registered_to, datetime.date):
        json_registered_to = registered_to.isoformat()
    else:
        json_registered_to = registered_to
    params["registered_to"] = json_registered_to

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/intake/workers",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WorkerPage | None:
    if response.status_code == 200:
        response_200 = WorkerPage.from_dict(response.json())

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
) -> Response[Problem | WorkerPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    name: None | str | Unset = UNSET,
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    household_status: HouseholdStatus | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    status: None | Unset | WorkerStatus = UNSET,
    registered_from: datetime.date | None | Unset = UNSET,
    registered_to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Problem | WorkerPage]:
    """Search workers, newest registration first

    Args:
        name (None | str | Unset): Accent- and case-insensitive: `dinh thi linh`
        province_code (None | str | Unset):
        commune_code (None | str | Unset):
        household_status (HouseholdStatus | None | Unset):
        market (Market | None | Unset):
        status (None | Unset | WorkerStatus): Default: every status but merged
        registered_from (datetime.date | None | Unset): First day, Vietnam time (1900-01-01 at
            earliest)
        registered_to (datetime.date | None | Unset): Last day, included (2200-12-31 at latest)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkerPage]
    """

    kwargs = _get_kwargs(
        name=name,
        province_code=province_code,
        commune_code=commune_code,
        household_status=household_status,
        market=market,
        status=status,
        registered_from=registered_from,
        registered_to=registered_to,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    name: None | str | Unset = UNSET,
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    household_status: HouseholdStatus | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    status: None | Unset | WorkerStatus = UNSET,
    registered_from: datetime.date | None | Unset = UNSET,
    registered_to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Problem | WorkerPage | None:
    """Search workers, newest registration first

    Args:
        name (None | str | Unset): Accent- and case-insensitive: `dinh thi linh`
        province_code (None | str | Unset):
        commune_code (None | str | Unset):
        household_status (HouseholdStatus | None | Unset):
        market (Market | None | Unset):
        status (None | Unset | WorkerStatus): Default: every status but merged
        registered_from (datetime.date | None | Unset): First day, Vietnam time (1900-01-01 at
            earliest)
        registered_to (datetime.date | None | Unset): Last day, included (2200-12-31 at latest)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkerPage
    """

    return sync_detailed(
        client=client,
        name=name,
        province_code=province_code,
        commune_code=commune_code,
        household_status=household_status,
        market=market,
        status=status,
        registered_from=registered_from,
        registered_to=registered_to,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    name: None | str | Unset = UNSET,
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    household_status: HouseholdStatus | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    status: None | Unset | WorkerStatus = UNSET,
    registered_from: datetime.date | None | Unset = UNSET,
    registered_to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Problem | WorkerPage]:
    """Search workers, newest registration first

    Args:
        name (None | str | Unset): Accent- and case-insensitive: `dinh thi linh`
        province_code (None | str | Unset):
        commune_code (None | str | Unset):
        household_status (HouseholdStatus | None | Unset):
        market (Market | None | Unset):
        status (None | Unset | WorkerStatus): Default: every status but merged
        registered_from (datetime.date | None | Unset): First day, Vietnam time (1900-01-01 at
            earliest)
        registered_to (datetime.date | None | Unset): Last day, included (2200-12-31 at latest)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkerPage]
    """

    kwargs = _get_kwargs(
        name=name,
        province_code=province_code,
        commune_code=commune_code,
        household_status=household_status,
        market=market,
        status=status,
        registered_from=registered_from,
        registered_to=registered_to,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    name: None | str | Unset = UNSET,
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    household_status: HouseholdStatus | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    status: None | Unset | WorkerStatus = UNSET,
    registered_from: datetime.date | None | Unset = UNSET,
    registered_to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Problem | WorkerPage | None:
    """Search workers, newest registration first

    Args:
        name (None | str | Unset): Accent- and case-insensitive: `dinh thi linh`
        province_code (None | str | Unset):
        commune_code (None | str | Unset):
        household_status (HouseholdStatus | None | Unset):
        market (Market | None | Unset):
        status (None | Unset | WorkerStatus): Default: every status but merged
        registered_from (datetime.date | None | Unset): First day, Vietnam time (1900-01-01 at
            earliest)
        registered_to (datetime.date | None | Unset): Last day, included (2200-12-31 at latest)
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkerPage
    """

    return (
        await asyncio_detailed(
            client=client,
            name=name,
            province_code=province_code,
            commune_code=commune_code,
            household_status=household_status,
            market=market,
            status=status,
            registered_from=registered_from,
            registered_to=registered_to,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
