from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_matches import OrderMatches
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    job_order_id: str,
    *,
    include_unfit: bool | Unset = False,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["include_unfit"] = include_unfit

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/deployment/job-orders/{job_order_id}/matches".format(
            job_order_id=quote(str(job_order_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderMatches | Problem | None:
    if response.status_code == 200:
        response_200 = OrderMatches.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[OrderMatches | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    job_order_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_unfit: bool | Unset = False,
    limit: int | Unset = 50,
) -> Response[OrderMatches | Problem]:
    """The trained workers who fit the order, best first, with a reason per requirement

    Args:
        job_order_id (str):
        include_unfit (bool | Unset): Also list near misses, after the fits, with what they miss
            Default: False.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderMatches | Problem]
    """

    kwargs = _get_kwargs(
        job_order_id=job_order_id,
        include_unfit=include_unfit,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    job_order_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_unfit: bool | Unset = False,
    limit: int | Unset = 50,
) -> OrderMatches | Problem | None:
    """The trained workers who fit the order, best first, with a reason per requirement

    Args:
        job_order_id (str):
        include_unfit (bool | Unset): Also list near misses, after the fits, with what they miss
            Default: False.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderMatches | Problem
    """

    return sync_detailed(
        job_order_id=job_order_id,
        client=client,
        include_unfit=include_unfit,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    job_order_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_unfit: bool | Unset = False,
    limit: int | Unset = 50,
) -> Response[OrderMatches | Problem]:
    """The trained workers who fit the order, best first, with a reason per requirement

    Args:
        job_order_id (str):
        include_unfit (bool | Unset): Also list near misses, after the fits, with what they miss
            Default: False.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderMatches | Problem]
    """

    kwargs = _get_kwargs(
        job_order_id=job_order_id,
        include_unfit=include_unfit,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    job_order_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_unfit: bool | Unset = False,
    limit: int | Unset = 50,
) -> OrderMatches | Problem | None:
    """The trained workers who fit the order, best first, with a reason per requirement

    Args:
        job_order_id (str):
        include_unfit (bool | Unset): Also list near misses, after the fits, with what they miss
            Default: False.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderMatches | Problem
    """

    return (
        await asyncio_detailed(
            job_order_id=job_order_id,
            client=client,
            include_unfit=include_unfit,
            limit=limit,
        )
    ).parsed
