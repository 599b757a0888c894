from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.job_order_status import JobOrderStatus
from ...models.job_order_view import JobOrderView
from ...models.market import Market
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: JobOrderStatus | None | Unset = UNSET,
    country: Market | None | Unset = UNSET,
    enterprise_id: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, JobOrderStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_country: None | str | Unset
    if isinstance(country, Unset):
        json_country = UNSET
    elif isinstance(country, Market):
        json_country = country.value
    else:
        json_country = country
    params["country"] = json_country

    json_enterprise_id: None | str | Unset
    if isinstance(enterprise_id, Unset):
        json_enterprise_id = UNSET
    else:
        json_enterprise_id = enterprise_id
    params["enterprise_id"] = json_enterprise_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/deployment/job-orders",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | HTTPValidationError | list[JobOrderView] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = JobOrderView.from_dict(response_200_item_data)

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
) -> Response[Any | HTTPValidationError | list[JobOrderView]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: JobOrderStatus | None | Unset = UNSET,
    country: Market | None | Unset = UNSET,
    enterprise_id: None | str | Unset = UNSET,
) -> Response[Any | HTTPValidationError | list[JobOrderView]]:
    """Job orders, newest first

    Args:
        status (JobOrderStatus | None | Unset):
        country (Market | None | Unset):
        enterprise_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | list[JobOrderView]]
    """

    kwargs = _get_kwargs(
        status=status,
        country=country,
        enterprise_id=enterprise_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: JobOrderStatus | None | Unset = UNSET,
    country: Market | None | Unset = UNSET,
    enterprise_id: None | str | Unset = UNSET,
) -> Any | HTTPValidationError | list[JobOrderView] | None:
    """Job orders, newest first

    Args:
        status (JobOrderStatus | None | Unset):
        country (Market | None | Unset):
        enterprise_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | list[JobOrderView]
    """

    return sync_detailed(
        client=client,
        status=status,
        country=country,
        enterprise_id=enterprise_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: JobOrderStatus | None | Unset = UNSET,
    country: Market | None | Unset = UNSET,
    enterprise_id: None | str | Unset = UNSET,
) -> Response[Any | HTTPValidationError | list[JobOrderView]]:
    """Job orders, newest first

    Args:
        status (JobOrderStatus | None | Unset):
        country (Market | None | Unset):
        enterprise_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | list[JobOrderView]]
    """

    kwargs = _get_kwargs(
        status=status,
        country=country,
        enterprise_id=enterprise_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: JobOrderStatus | None | Unset = UNSET,
    country: Market | None | Unset = UNSET,
    enterprise_id: None | str | Unset = UNSET,
) -> Any | HTTPValidationError | list[JobOrderView] | None:
    """Job orders, newest first

    Args:
        status (JobOrderStatus | None | Unset):
        country (Market | None | Unset):
        enterprise_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | list[JobOrderView]
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            country=country,
            enterprise_id=enterprise_id,
        )
    ).parsed
