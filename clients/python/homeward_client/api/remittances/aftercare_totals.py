import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_remittance_total import PageRemittanceTotal
from ...models.problem import Problem
from ...models.total_by import TotalBy
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    by: list[TotalBy],
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    sent_from: datetime.date | None | Unset = UNSET,
    sent_to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_by = []
    for by_item_data in by:
        by_item = by_item_data.value
        json_by.append(by_item)

    params["by"] = json_by

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

    json_sent_from: None | str | Unset
    if isinstance(sent_from, Unset):
        json_sent_from = UNSET
    elif isinstance(sent_from, datetime.date):
        json_sent_from = sent_from.isoformat()
    else:
        json_sent_from = sent_from
    params["sent_from"] = json_sent_from

    json_sent_to: None | str | Unset
    if isinstance(sent_to, Unset):
        json_sent_to = UNSET
    elif isinstance(sent_to, datetime.date):
        json_sent_to = sent_to.isoformat()
    else:
        json_sent_to = sent_to
    params["sent_to"] = json_sent_to

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/aftercare/remittances/totals",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageRemittanceTotal | Problem | None:
    if response.status_code == 200:
        response_200 = PageRemittanceTotal.from_dict(response.json())

        return response_200

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
) -> Response[PageRemittanceTotal | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    by: list[TotalBy],
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    sent_from: datetime.date | None | Unset = UNSET,
    sent_to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageRemittanceTotal | Problem]:
    """Remittance counts and VND totals grouped by worker, province, commune and/or month

    Args:
        by (list[TotalBy]):
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        sent_from (datetime.date | None | Unset):
        sent_to (datetime.date | None | Unset):
        cursor (None | str | Unset): The `next_cursor` of the previous page
        limit (int | Unset): At most 500 items a page Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageRemittanceTotal | Problem]
    """

    kwargs = _get_kwargs(
        by=by,
        province_code=province_code,
        commune_code=commune_code,
        sent_from=sent_from,
        sent_to=sent_to,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    by: list[TotalBy],
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    sent_from: datetime.date | None | Unset = UNSET,
    sent_to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageRemittanceTotal | Problem | None:
    """Remittance counts and VND totals grouped by worker, province, commune and/or month

    Args:
        by (list[TotalBy]):
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        sent_from (datetime.date | None | Unset):
        sent_to (datetime.date | None | Unset):
        cursor (None | str | Unset): The `next_cursor` of the previous page
        limit (int | Unset): At most 500 items a page Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageRemittanceTotal | Problem
    """

    return sync_detailed(
        client=client,
        by=by,
        province_code=province_code,
        commune_code=commune_code,
        sent_from=sent_from,
        sent_to=sent_to,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    by: list[TotalBy],
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    sent_from: datetime.date | None | Unset = UNSET,
    sent_to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageRemittanceTotal | Problem]:
    """Remittance counts and VND totals grouped by worker, province, commune and/or month

    Args:
        by (list[TotalBy]):
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        sent_from (datetime.date | None | Unset):
        sent_to (datetime.date | None | Unset):
        cursor (None | str | Unset): The `next_cursor` of the previous page
        limit (int | Unset): At most 500 items a page Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageRemittanceTotal | Problem]
    """

    kwargs = _get_kwargs(
        by=by,
        province_code=province_code,
        commune_code=commune_code,
        sent_from=sent_from,
        sent_to=sent_to,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    by: list[TotalBy],
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    sent_from: datetime.date | None | Unset = UNSET,
    sent_to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageRemittanceTotal | Problem | None:
    """Remittance counts and VND totals grouped by worker, province, commune and/or month

    Args:
        by (list[TotalBy]):
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        sent_from (datetime.date | None | Unset):
        sent_to (datetime.date | None | Unset):
        cursor (None | str | Unset): The `next_cursor` of the previous page
        limit (int | Unset): At most 500 items a page Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageRemittanceTotal | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            by=by,
            province_code=province_code,
            commune_code=commune_code,
            sent_from=sent_from,
            sent_to=sent_to,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
