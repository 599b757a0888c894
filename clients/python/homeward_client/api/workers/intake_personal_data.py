from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.export_format import ExportFormat
from ...models.personal_data_export import PersonalDataExport
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    worker_id: str,
    *,
    format_: ExportFormat | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    elif isinstance(format_, ExportFormat):
        json_format_ = format_.value
    else:
        json_format_ = format_
    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/intake/workers/{worker_id}/personal-data".format(
            worker_id=quote(str(worker_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PersonalDataExport | Problem | None:
    if response.status_code == 200:
        response_200 = PersonalDataExport.from_dict(response.json())

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
) -> Response[PersonalDataExport | Problem]:
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
    format_: ExportFormat | None | Unset = UNSET,
) -> Response[PersonalDataExport | Problem]:
    """Everything Homeward holds about the worker, from every service (JSON or PDF)

    Args:
        worker_id (str):
        format_ (ExportFormat | None | Unset): `pdf`: a PDF in Vietnamese (also with `Accept:
            application/pdf`)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PersonalDataExport | Problem]
    """

    kwargs = _get_kwargs(
        worker_id=worker_id,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    format_: ExportFormat | None | Unset = UNSET,
) -> PersonalDataExport | Problem | None:
    """Everything Homeward holds about the worker, from every service (JSON or PDF)

    Args:
        worker_id (str):
        format_ (ExportFormat | None | Unset): `pdf`: a PDF in Vietnamese (also with `Accept:
            application/pdf`)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PersonalDataExport | Problem
    """

    return sync_detailed(
        worker_id=worker_id,
        client=client,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    format_: ExportFormat | None | Unset = UNSET,
) -> Response[PersonalDataExport | Problem]:
    """Everything Homeward holds about the worker, from every service (JSON or PDF)

    Args:
        worker_id (str):
        format_ (ExportFormat | None | Unset): `pdf`: a PDF in Vietnamese (also with `Accept:
            application/pdf`)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PersonalDataExport | Problem]
    """

    kwargs = _get_kwargs(
        worker_id=worker_id,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    format_: ExportFormat | None | Unset = UNSET,
) -> PersonalDataExport | Problem | None:
    """Everything Homeward holds about the worker, from every service (JSON or PDF)

    Args:
        worker_id (str):
        format_ (ExportFormat | None | Unset): `pdf`: a PDF in Vietnamese (also with `Accept:
            application/pdf`)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PersonalDataExport | Problem
    """

    return (
        await asyncio_detailed(
            worker_id=worker_id,
            client=client,
            format_=format_,
        )
    ).parsed
