from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.placement_view import PlacementView
from ...models.problem import Problem
from ...models.record_departure import RecordDeparture
from ...types import Response


def _get_kwargs(
    placement_id: str,
    *,
    body: RecordDeparture,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/deployment/placements/{placement_id}/departure".format(
            placement_id=quote(str(placement_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PlacementView | Problem | None:
    if response.status_code == 200:
        response_200 = PlacementView.from_dict(response.json())

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
) -> Response[PlacementView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    placement_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RecordDeparture,
) -> Response[PlacementView | Problem]:
    """The worker left: publishes worker.departed

    Args:
        placement_id (str):
        body (RecordDeparture): When the worker left; defaults to now.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PlacementView | Problem]
    """

    kwargs = _get_kwargs(
        placement_id=placement_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    placement_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RecordDeparture,
) -> PlacementView | Problem | None:
    """The worker left: publishes worker.departed

    Args:
        placement_id (str):
        body (RecordDeparture): When the worker left; defaults to now.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PlacementView | Problem
    """

    return sync_detailed(
        placement_id=placement_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    placement_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RecordDeparture,
) -> Response[PlacementView | Problem]:
    """The worker left: publishes worker.departed

    Args:
        placement_id (str):
        body (RecordDeparture): When the worker left; defaults to now.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PlacementView | Problem]
    """

    kwargs = _get_kwargs(
        placement_id=placement_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    placement_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RecordDeparture,
) -> PlacementView | Problem | None:
    """The worker left: publishes worker.departed

    Args:
        placement_id (str):
        body (RecordDeparture): When the worker left; defaults to now.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PlacementView | Problem
    """

    return (
        await asyncio_detailed(
            placement_id=placement_id,
            client=client,
            body=body,
        )
    ).parsed
