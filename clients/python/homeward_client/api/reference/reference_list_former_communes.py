from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.former_commune_page import FormerCommunePage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    province_code: None | str | Unset = UNSET,
    district_code: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 500,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_province_code: None | str | Unset
    if isinstance(province_code, Unset):
        json_province_code = UNSET
    else:
        json_province_code = province_code
    params["province_code"] = json_province_code

    json_district_code: None | str | Unset
    if isinstance(district_code, Unset):
        json_district_code = UNSET
    else:
        json_district_code = district_code
    params["district_code"] = json_district_code

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
        "url": "/v1/reference/communes/former",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | FormerCommunePage | Problem | None:
    if response.status_code == 200:
        response_200 = FormerCommunePage.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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
) -> Response[Any | FormerCommunePage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    province_code: None | str | Unset = UNSET,
    district_code: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 500,
) -> Response[Any | FormerCommunePage | Problem]:
    """Communes and wards before 2025-07-01, with where each lies today (2025 mapping)

    Args:
        province_code (None | str | Unset): A province before 2025
        district_code (None | str | Unset): A district before 2025
        cursor (None | str | Unset): `next_cursor` of a page
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | FormerCommunePage | Problem]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
        district_code=district_code,
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
    province_code: None | str | Unset = UNSET,
    district_code: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 500,
) -> Any | FormerCommunePage | Problem | None:
    """Communes and wards before 2025-07-01, with where each lies today (2025 mapping)

    Args:
        province_code (None | str | Unset): A province before 2025
        district_code (None | str | Unset): A district before 2025
        cursor (None | str | Unset): `next_cursor` of a page
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | FormerCommunePage | Problem
    """

    return sync_detailed(
        client=client,
        province_code=province_code,
        district_code=district_code,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    province_code: None | str | Unset = UNSET,
    district_code: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 500,
) -> Response[Any | FormerCommunePage | Problem]:
    """Communes and wards before 2025-07-01, with where each lies today (2025 mapping)

    Args:
        province_code (None | str | Unset): A province before 2025
        district_code (None | str | Unset): A district before 2025
        cursor (None | str | Unset): `next_cursor` of a page
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | FormerCommunePage | Problem]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
        district_code=district_code,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    province_code: None | str | Unset = UNSET,
    district_code: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 500,
) -> Any | FormerCommunePage | Problem | None:
    """Communes and wards before 2025-07-01, with where each lies today (2025 mapping)

    Args:
        province_code (None | str | Unset): A province before 2025
        district_code (None | str | Unset): A district before 2025
        cursor (None | str | Unset): `next_cursor` of a page
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | FormerCommunePage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            province_code=province_code,
            district_code=district_code,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
