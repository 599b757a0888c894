from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.province_rules import ProvinceRules
from ...types import Response


def _get_kwargs(
    province_code: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/intake/provinces/{province_code}/approval-rules".format(
            province_code=quote(str(province_code), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ProvinceRules | None:
    if response.status_code == 200:
        response_200 = ProvinceRules.from_dict(response.json())

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
) -> Response[Problem | ProvinceRules]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    province_code: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | ProvinceRules]:
    """The province's table of changes that wait for a second person (this service's)

    Args:
        province_code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProvinceRules]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    province_code: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | ProvinceRules | None:
    """The province's table of changes that wait for a second person (this service's)

    Args:
        province_code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProvinceRules
    """

    return sync_detailed(
        province_code=province_code,
        client=client,
    ).parsed


async def asyncio_detailed(
    province_code: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | ProvinceRules]:
    """The province's table of changes that wait for a second person (this service's)

    Args:
        province_code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProvinceRules]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    province_code: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | ProvinceRules | None:
    """The province's table of changes that wait for a second person (this service's)

    Args:
        province_code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProvinceRules
    """

    return (
        await asyncio_detailed(
            province_code=province_code,
            client=client,
        )
    ).parsed
