from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.enterprise_view import EnterpriseView
from ...models.problem import Problem
from ...models.register_enterprise import RegisterEnterprise
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: RegisterEnterprise,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/deployment/enterprises",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnterpriseView | Problem | None:
    if response.status_code == 201:
        response_201 = EnterpriseView.from_dict(response.json())

        return response_201

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
) -> Response[EnterpriseView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterEnterprise,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[EnterpriseView | Problem]:
    """Register a labour-supply enterprise or a state programme with its licence

    Args:
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (RegisterEnterprise): A sender of workers abroad and the licence the ministry issued
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnterpriseView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterEnterprise,
    idempotency_key: None | str | Unset = UNSET,
) -> EnterpriseView | Problem | None:
    """Register a labour-supply enterprise or a state programme with its licence

    Args:
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (RegisterEnterprise): A sender of workers abroad and the licence the ministry issued
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnterpriseView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterEnterprise,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[EnterpriseView | Problem]:
    """Register a labour-supply enterprise or a state programme with its licence

    Args:
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (RegisterEnterprise): A sender of workers abroad and the licence the ministry issued
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnterpriseView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterEnterprise,
    idempotency_key: None | str | Unset = UNSET,
) -> EnterpriseView | Problem | None:
    """Register a labour-supply enterprise or a state programme with its licence

    Args:
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (RegisterEnterprise): A sender of workers abroad and the licence the ministry issued
            it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnterpriseView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
