from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.worker_matches import WorkerMatches
from ...types import UNSET, Response, Unset


def _get_kwargs(
    worker_id: str,
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
        "url": "/v1/deployment/workers/{worker_id}/matches".format(
            worker_id=quote(str(worker_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WorkerMatches | None:
    if response.status_code == 200:
        response_200 = WorkerMatches.from_dict(response.json())

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
) -> Response[Problem | WorkerMatches]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_unfit: bool | Unset = False,
    limit: int | Unset = 50,
) -> Response[Problem | WorkerMatches]:
    """The open job orders the worker fits, best first, with a reason per requirement

    Args:
        worker_id (str):
        include_unfit (bool | Unset): Also list near misses, after the fits, with what they miss
            Default: False.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkerMatches]
    """

    kwargs = _get_kwargs(
        worker_id=worker_id,
        include_unfit=include_unfit,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_unfit: bool | Unset = False,
    limit: int | Unset = 50,
) -> Problem | WorkerMatches | None:
    """The open job orders the worker fits, best first, with a reason per requirement

    Args:
        worker_id (str):
        include_unfit (bool | Unset): Also list near misses, after the fits, with what they miss
            Default: False.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkerMatches
    """

    return sync_detailed(
        worker_id=worker_id,
        client=client,
        include_unfit=include_unfit,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_unfit: bool | Unset = False,
    limit: int | Unset = 50,
) -> Response[Problem | WorkerMatches]:
    """The open job orders the worker fits, best first, with a reason per requirement

    Args:
        worker_id (str):
        include_unfit (bool | Unset): Also list near misses, after the fits, with what they miss
            Default: False.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkerMatches]
    """

    kwargs = _get_kwargs(
        worker_id=worker_id,
        include_unfit=include_unfit,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    include_unfit: bool | Unset = False,
    limit: int | Unset = 50,
) -> Problem | WorkerMatches | None:
    """The open job orders the worker fits, best first, with a reason per requirement

    Args:
        worker_id (str):
        include_unfit (bool | Unset): Also list near misses, after the fits, with what they miss
            Default: False.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkerMatches
    """

    return (
        await asyncio_detailed(
            worker_id=worker_id,
            client=client,
            include_unfit=include_unfit,
            limit=limit,
        )
    ).parsed
