from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.incident import Incident
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/aftercare/incidents/queue",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | HTTPValidationError | list[Incident] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = Incident.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[Any | HTTPValidationError | list[Incident]]:
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
    commune_code: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[Any | HTTPValidationError | list[Incident]]:
    """Unresolved incidents, most severe first, then oldest first

    Args:
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | list[Incident]]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
        commune_code=commune_code,
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
    commune_code: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Any | HTTPValidationError | list[Incident] | None:
    """Unresolved incidents, most severe first, then oldest first

    Args:
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | list[Incident]
    """

    return sync_detailed(
        client=client,
        province_code=province_code,
        commune_code=commune_code,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[Any | HTTPValidationError | list[Incident]]:
    """Unresolved incidents, most severe first, then oldest first

    Args:
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | list[Incident]]
    """

    kwargs = _get_kwargs(
        province_code=province_code,
        commune_code=commune_code,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Any | HTTPValidationError | list[Incident] | None:
    """Unresolved incidents, most severe first, then oldest first

    Args:
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | list[Incident]
    """

    return (
        await asyncio_detailed(
            client=client,
            province_code=province_code,
            commune_code=commune_code,
            limit=limit,
        )
    ).parsed
