from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.erase_worker import EraseWorker
from ...models.problem import Problem
from ...models.worker_view import WorkerView
from ...types import Response


def _get_kwargs(
    worker_id: str,
    *,
    body: EraseWorker,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/intake/workers/{worker_id}/erasure".format(
            worker_id=quote(str(worker_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WorkerView | None:
    if response.status_code == 200:
        response_200 = WorkerView.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[Problem | WorkerView]:
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
    body: EraseWorker,
) -> Response[Problem | WorkerView]:
    """Erase the worker's personal data, on the topics and in every view

     Destroys the worker's data key, so every copy of their personal data sealed on the topics, dead
    letters and backups becomes unreadable, then de-identifies the record and publishes `worker.erased`:
    every service removes or de-identifies what it holds (ids and the facts statistics count stay).
    Refused (409, with the reason) while a loan or an incident abroad is open. Erasing again answers the
    erased record.

    Args:
        worker_id (str):
        body (EraseWorker): An erasure: on which grounds, and who decided it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkerView]
    """

    kwargs = _get_kwargs(
        worker_id=worker_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: EraseWorker,
) -> Problem | WorkerView | None:
    """Erase the worker's personal data, on the topics and in every view

     Destroys the worker's data key, so every copy of their personal data sealed on the topics, dead
    letters and backups becomes unreadable, then de-identifies the record and publishes `worker.erased`:
    every service removes or de-identifies what it holds (ids and the facts statistics count stay).
    Refused (409, with the reason) while a loan or an incident abroad is open. Erasing again answers the
    erased record.

    Args:
        worker_id (str):
        body (EraseWorker): An erasure: on which grounds, and who decided it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkerView
    """

    return sync_detailed(
        worker_id=worker_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: EraseWorker,
) -> Response[Problem | WorkerView]:
    """Erase the worker's personal data, on the topics and in every view

     Destroys the worker's data key, so every copy of their personal data sealed on the topics, dead
    letters and backups becomes unreadable, then de-identifies the record and publishes `worker.erased`:
    every service removes or de-identifies what it holds (ids and the facts statistics count stay).
    Refused (409, with the reason) while a loan or an incident abroad is open. Erasing again answers the
    erased record.

    Args:
        worker_id (str):
        body (EraseWorker): An erasure: on which grounds, and who decided it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WorkerView]
    """

    kwargs = _get_kwargs(
        worker_id=worker_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: EraseWorker,
) -> Problem | WorkerView | None:
    """Erase the worker's personal data, on the topics and in every view

     Destroys the worker's data key, so every copy of their personal data sealed on the topics, dead
    letters and backups becomes unreadable, then de-identifies the record and publishes `worker.erased`:
    every service removes or de-identifies what it holds (ids and the facts statistics count stay).
    Refused (409, with the reason) while a loan or an incident abroad is open. Erasing again answers the
    erased record.

    Args:
        worker_id (str):
        body (EraseWorker): An erasure: on which grounds, and who decided it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WorkerView
    """

    return (
        await asyncio_detailed(
            worker_id=worker_id,
            client=client,
            body=body,
        )
    ).parsed
