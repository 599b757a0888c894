from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.assess_worker import AssessWorker
from ...models.assessment_view import AssessmentView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    worker_id: str,
    *,
    body: AssessWorker,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/training/workers/{worker_id}/assessments".format(
            worker_id=quote(str(worker_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AssessmentView | Problem | None:
    if response.status_code == 201:
        response_201 = AssessmentView.from_dict(response.json())

        return response_201

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
) -> Response[AssessmentView | Problem]:
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
    body: AssessWorker,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[AssessmentView | Problem]:
    """Record an assessment (progress, final, or an employer's)

    Args:
        worker_id (str):
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (AssessWorker): A command: record an assessment's score (for an enrolment, or an
            employer's own).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssessmentView | Problem]
    """

    kwargs = _get_kwargs(
        worker_id=worker_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AssessWorker,
    idempotency_key: None | str | Unset = UNSET,
) -> AssessmentView | Problem | None:
    """Record an assessment (progress, final, or an employer's)

    Args:
        worker_id (str):
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (AssessWorker): A command: record an assessment's score (for an enrolment, or an
            employer's own).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssessmentView | Problem
    """

    return sync_detailed(
        worker_id=worker_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AssessWorker,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[AssessmentView | Problem]:
    """Record an assessment (progress, final, or an employer's)

    Args:
        worker_id (str):
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (AssessWorker): A command: record an assessment's score (for an enrolment, or an
            employer's own).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssessmentView | Problem]
    """

    kwargs = _get_kwargs(
        worker_id=worker_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    worker_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AssessWorker,
    idempotency_key: None | str | Unset = UNSET,
) -> AssessmentView | Problem | None:
    """Record an assessment (progress, final, or an employer's)

    Args:
        worker_id (str):
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (AssessWorker): A command: record an assessment's score (for an enrolment, or an
            employer's own).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssessmentView | Problem
    """

    return (
        await asyncio_detailed(
            worker_id=worker_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
