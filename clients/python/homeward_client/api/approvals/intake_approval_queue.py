from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.approval_status import ApprovalStatus
from ...models.approval_summary import ApprovalSummary
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ApprovalStatus | Unset = UNSET,
    limit: int | Unset = 100,
    skip: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["limit"] = limit

    params["skip"] = skip

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/intake/approvals",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | HTTPValidationError | list[ApprovalSummary] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ApprovalSummary.from_dict(response_200_item_data)

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
) -> Response[Any | HTTPValidationError | list[ApprovalSummary]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: ApprovalStatus | Unset = UNSET,
    limit: int | Unset = 100,
    skip: int | Unset = 0,
) -> Response[Any | HTTPValidationError | list[ApprovalSummary]]:
    """The queue of changes waiting for a second person (or decided), oldest first

    Args:
        status (ApprovalStatus | Unset): Where a change waiting for a second person stands.
        limit (int | Unset):  Default: 100.
        skip (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | list[ApprovalSummary]]
    """

    kwargs = _get_kwargs(
        status=status,
        limit=limit,
        skip=skip,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: ApprovalStatus | Unset = UNSET,
    limit: int | Unset = 100,
    skip: int | Unset = 0,
) -> Any | HTTPValidationError | list[ApprovalSummary] | None:
    """The queue of changes waiting for a second person (or decided), oldest first

    Args:
        status (ApprovalStatus | Unset): Where a change waiting for a second person stands.
        limit (int | Unset):  Default: 100.
        skip (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | list[ApprovalSummary]
    """

    return sync_detailed(
        client=client,
        status=status,
        limit=limit,
        skip=skip,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: ApprovalStatus | Unset = UNSET,
    limit: int | Unset = 100,
    skip: int | Unset = 0,
) -> Response[Any | HTTPValidationError | list[ApprovalSummary]]:
    """The queue of changes waiting for a second person (or decided), oldest first

    Args:
        status (ApprovalStatus | Unset): Where a change waiting for a second person stands.
        limit (int | Unset):  Default: 100.
        skip (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | list[ApprovalSummary]]
    """

    kwargs = _get_kwargs(
        status=status,
        limit=limit,
        skip=skip,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: ApprovalStatus | Unset = UNSET,
    limit: int | Unset = 100,
    skip: int | Unset = 0,
) -> Any | HTTPValidationError | list[ApprovalSummary] | None:
    """The queue of changes waiting for a second person (or decided), oldest first

    Args:
        status (ApprovalStatus | Unset): Where a change waiting for a second person stands.
        limit (int | Unset):  Default: 100.
        skip (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | list[ApprovalSummary]
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            limit=limit,
            skip=skip,
        )
    ).parsed
