import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.remittance_total import RemittanceTotal
from ...models.total_by import TotalBy
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    by: list[TotalBy],
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    sent_from: datetime.date | None | Unset = UNSET,
    sent_to: datetime.date | None | Unset = UNSET,
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

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/aftercare/remittances/totals",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | HTTPValidationError | list[RemittanceTotal] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = RemittanceTotal.from_dict(response_200_item_data)

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
) -> Response[Any | HTTPValidationError | list[RemittanceTotal]]:
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
) -> Response[Any | HTTPValidationError | list[RemittanceTotal]]:
    """Remittance counts and VND totals grouped by worker, province, commune and/or month

    Args:
        by (list[TotalBy]):
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        sent_from (datetime.date | None | Unset):
        sent_to (datetime.date | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | list[RemittanceTotal]]
    """

    kwargs = _get_kwargs(
        by=by,
        province_code=province_code,
        commune_code=commune_code,
        sent_from=sent_from,
        sent_to=sent_to,
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
) -> Any | HTTPValidationError | list[RemittanceTotal] | None:
    """Remittance counts and VND totals grouped by worker, province, commune and/or month

    Args:
        by (list[TotalBy]):
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        sent_from (datetime.date | None | Unset):
        sent_to (datetime.date | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | list[RemittanceTotal]
    """

    return sync_detailed(
        client=client,
        by=by,
        province_code=province_code,
        commune_code=commune_code,
        sent_from=sent_from,
        sent_to=sent_to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    by: list[TotalBy],
    province_code: None | str | Unset = UNSET,
    commune_code: None | str | Unset = UNSET,
    sent_from: datetime.date | None | Unset = UNSET,
    sent_to: datetime.date | None | Unset = UNSET,
) -> Response[Any | HTTPValidationError | list[RemittanceTotal]]:
    """Remittance counts and VND totals grouped by worker, province, commune and/or month

    Args:
        by (list[TotalBy]):
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        sent_from (datetime.date | None | Unset):
        sent_to (datetime.date | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | list[RemittanceTotal]]
    """

    kwargs = _get_kwargs(
        by=by,
        province_code=province_code,
        commune_code=commune_code,
        sent_from=sent_from,
        sent_to=sent_to,
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
) -> Any | HTTPValidationError | list[RemittanceTotal] | None:
    """Remittance counts and VND totals grouped by worker, province, commune and/or month

    Args:
        by (list[TotalBy]):
        province_code (None | str | Unset): Current province code
        commune_code (None | str | Unset): Current commune code
        sent_from (datetime.date | None | Unset):
        sent_to (datetime.date | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | list[RemittanceTotal]
    """

    return (
        await asyncio_detailed(
            client=client,
            by=by,
            province_code=province_code,
            commune_code=commune_code,
            sent_from=sent_from,
            sent_to=sent_to,
        )
    ).parsed
