from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.aftercare_tiles import AftercareTiles
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    province_code: str,
    *,
    commune: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_commune: None | str | Unset
    if isinstance(commune, Unset):
        json_commune = UNSET
    else:
        json_commune = commune
    params["commune"] = json_commune

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reporting/provinces/{province_code}/aftercare".format(
            province_code=quote(str(province_code), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AftercareTiles | Problem | None:
    if response.status_code == 200:
        response_200 = AftercareTiles.from_dict(response.json())

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
) -> Response[AftercareTiles | Problem]:
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
    commune: None | str | Unset = UNSET,
) -> Response[AftercareTiles | Problem]:
    """Aftercare's counts for the dashboard's tiles, asked of aftercare with your token

    Args:
        province_code (str): Province code (current, or former if units=former)
        commune (None | str | Unset): Only this commune's figures

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AftercareTiles | Problem]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
        commune=commune,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    province_code: str,
    *,
    client: AuthenticatedClient | Client,
    commune: None | str | Unset = UNSET,
) -> AftercareTiles | Problem | None:
    """Aftercare's counts for the dashboard's tiles, asked of aftercare with your token

    Args:
        province_code (str): Province code (current, or former if units=former)
        commune (None | str | Unset): Only this commune's figures

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AftercareTiles | Problem
    """

    return sync_detailed(
        province_code=province_code,
        client=client,
        commune=commune,
    ).parsed


async def asyncio_detailed(
    province_code: str,
    *,
    client: AuthenticatedClient | Client,
    commune: None | str | Unset = UNSET,
) -> Response[AftercareTiles | Problem]:
    """Aftercare's counts for the dashboard's tiles, asked of aftercare with your token

    Args:
        province_code (str): Province code (current, or former if units=former)
        commune (None | str | Unset): Only this commune's figures

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AftercareTiles | Problem]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
        commune=commune,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    province_code: str,
    *,
    client: AuthenticatedClient | Client,
    commune: None | str | Unset = UNSET,
) -> AftercareTiles | Problem | None:
    """Aftercare's counts for the dashboard's tiles, asked of aftercare with your token

    Args:
        province_code (str): Province code (current, or former if units=former)
        commune (None | str | Unset): Only this commune's figures

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AftercareTiles | Problem
    """

    return (
        await asyncio_detailed(
            province_code=province_code,
            client=client,
            commune=commune,
        )
    ).parsed
