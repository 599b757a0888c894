from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
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
) -> Any | HTTPValidationError | ProvinceRules | None:
    if response.status_code == 200:
        response_200 = ProvinceRules.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = cast(Any, None)
        return response_401

    if response.status_code == 403:
        response_403 = cast(Any, None)
        return response_403

    if response.status_code == 413:
        response_413 = cast(Any, None)
        return response_413

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = cast(Any, None)
        return response_429

    if response.status_code == 431:
        response_431 = cast(Any, None)
        return response_431

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | HTTPValidationError | ProvinceRules]:
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
) -> Response[Any | HTTPValidationError | ProvinceRules]:
    """The province's table of changes that wait for a second person (this service's)

    Args:
        province_code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | ProvinceRules]
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
) -> Any | HTTPValidationError | ProvinceRules | None:
    """The province's table of changes that wait for a second person (this service's)

    Args:
        province_code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | ProvinceRules
    """

    return sync_detailed(
        province_code=province_code,
        client=client,
    ).parsed


async def asyncio_detailed(
    province_code: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | HTTPValidationError | ProvinceRules]:
    """The province's table of changes that wait for a second person (this service's)

    Args:
        province_code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | ProvinceRules]
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
) -> Any | HTTPValidationError | ProvinceRules | None:
    """The province's table of changes that wait for a second person (this service's)

    Args:
        province_code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | ProvinceRules
    """

    return (
        await asyncio_detailed(
            province_code=province_code,
            client=client,
        )
    ).parsed
