from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.alert_kind import AlertKind
from ...models.alert_list import AlertList
from ...models.alert_status import AlertStatus
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: AlertStatus | None | Unset = UNSET,
    kind: AlertKind | None | Unset = UNSET,
    worker_id: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, AlertStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, AlertKind):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_worker_id: None | str | Unset
    if isinstance(worker_id, Unset):
        json_worker_id = UNSET
    else:
        json_worker_id = worker_id
    params["worker_id"] = json_worker_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/notifications/alerts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AlertList | Any | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = AlertList.from_dict(response.json())

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
) -> Response[AlertList | Any | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: AlertStatus | None | Unset = UNSET,
    kind: AlertKind | None | Unset = UNSET,
    worker_id: None | str | Unset = UNSET,
) -> Response[AlertList | Any | HTTPValidationError]:
    """The alerts about workers in your scope

    Args:
        status (AlertStatus | None | Unset):
        kind (AlertKind | None | Unset):
        worker_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AlertList | Any | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        status=status,
        kind=kind,
        worker_id=worker_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: AlertStatus | None | Unset = UNSET,
    kind: AlertKind | None | Unset = UNSET,
    worker_id: None | str | Unset = UNSET,
) -> AlertList | Any | HTTPValidationError | None:
    """The alerts about workers in your scope

    Args:
        status (AlertStatus | None | Unset):
        kind (AlertKind | None | Unset):
        worker_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AlertList | Any | HTTPValidationError
    """

    return sync_detailed(
        client=client,
        status=status,
        kind=kind,
        worker_id=worker_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: AlertStatus | None | Unset = UNSET,
    kind: AlertKind | None | Unset = UNSET,
    worker_id: None | str | Unset = UNSET,
) -> Response[AlertList | Any | HTTPValidationError]:
    """The alerts about workers in your scope

    Args:
        status (AlertStatus | None | Unset):
        kind (AlertKind | None | Unset):
        worker_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AlertList | Any | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        status=status,
        kind=kind,
        worker_id=worker_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: AlertStatus | None | Unset = UNSET,
    kind: AlertKind | None | Unset = UNSET,
    worker_id: None | str | Unset = UNSET,
) -> AlertList | Any | HTTPValidationError | None:
    """The alerts about workers in your scope

    Args:
        status (AlertStatus | None | Unset):
        kind (AlertKind | None | Unset):
        worker_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AlertList | Any | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            kind=kind,
            worker_id=worker_id,
        )
    ).parsed
