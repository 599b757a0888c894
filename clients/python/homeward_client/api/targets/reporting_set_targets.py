from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.set_targets import SetTargets
from ...models.targets import Targets
from ...types import Response


def _get_kwargs(
    province_code: str,
    period: str,
    *,
    body: SetTargets,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/reporting/provinces/{province_code}/targets/{period}".format(
            province_code=quote(str(province_code), safe=""),
            period=quote(str(period), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Targets | None:
    if response.status_code == 200:
        response_200 = Targets.from_dict(response.json())

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
) -> Response[Problem | Targets]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    province_code: str,
    period: str,
    *,
    client: AuthenticatedClient | Client,
    body: SetTargets,
) -> Response[Problem | Targets]:
    """Set a period's targets

    Args:
        province_code (str): Province code (current, or former if units=former)
        period (str): A year (2025) or years (2025-2030)
        body (SetTargets): A manager's targets for one period: the province's and each commune's
            departures.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Targets]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
        period=period,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    province_code: str,
    period: str,
    *,
    client: AuthenticatedClient | Client,
    body: SetTargets,
) -> Problem | Targets | None:
    """Set a period's targets

    Args:
        province_code (str): Province code (current, or former if units=former)
        period (str): A year (2025) or years (2025-2030)
        body (SetTargets): A manager's targets for one period: the province's and each commune's
            departures.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Targets
    """

    return sync_detailed(
        province_code=province_code,
        period=period,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    province_code: str,
    period: str,
    *,
    client: AuthenticatedClient | Client,
    body: SetTargets,
) -> Response[Problem | Targets]:
    """Set a period's targets

    Args:
        province_code (str): Province code (current, or former if units=former)
        period (str): A year (2025) or years (2025-2030)
        body (SetTargets): A manager's targets for one period: the province's and each commune's
            departures.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Targets]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
        period=period,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    province_code: str,
    period: str,
    *,
    client: AuthenticatedClient | Client,
    body: SetTargets,
) -> Problem | Targets | None:
    """Set a period's targets

    Args:
        province_code (str): Province code (current, or former if units=former)
        period (str): A year (2025) or years (2025-2030)
        body (SetTargets): A manager's targets for one period: the province's and each commune's
            departures.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Targets
    """

    return (
        await asyncio_detailed(
            province_code=province_code,
            period=period,
            client=client,
            body=body,
        )
    ).parsed
