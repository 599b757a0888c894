from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.course_view import CourseView
from ...models.problem import Problem
from ...models.schedule_course import ScheduleCourse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ScheduleCourse,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/training/courses",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CourseView | Problem | None:
    if response.status_code == 201:
        response_201 = CourseView.from_dict(response.json())

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
) -> Response[CourseView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ScheduleCourse,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CourseView | Problem]:
    """Schedule a course

    Args:
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (ScheduleCourse): A course as a provider schedules it; ``target_level`` e.g. JLPT-N4,
            EPS-TOPIK, CEFR-B1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CourseView | Problem]
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
    body: ScheduleCourse,
    idempotency_key: None | str | Unset = UNSET,
) -> CourseView | Problem | None:
    """Schedule a course

    Args:
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (ScheduleCourse): A course as a provider schedules it; ``target_level`` e.g. JLPT-N4,
            EPS-TOPIK, CEFR-B1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CourseView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ScheduleCourse,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CourseView | Problem]:
    """Schedule a course

    Args:
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (ScheduleCourse): A course as a provider schedules it; ``target_level`` e.g. JLPT-N4,
            EPS-TOPIK, CEFR-B1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CourseView | Problem]
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
    body: ScheduleCourse,
    idempotency_key: None | str | Unset = UNSET,
) -> CourseView | Problem | None:
    """Schedule a course

    Args:
        idempotency_key (None | str | Unset): A client-chosen unique key; a retry with the same
            key and body gets the first answer again and never creates a second record.
        body (ScheduleCourse): A course as a provider schedules it; ``target_level`` e.g. JLPT-N4,
            EPS-TOPIK, CEFR-B1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CourseView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
