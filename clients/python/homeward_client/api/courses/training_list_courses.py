from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.course_kind import CourseKind
from ...models.language import Language
from ...models.market import Market
from ...models.page_course_view import PageCourseView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    kind: CourseKind | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    language: Language | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, CourseKind):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_market: None | str | Unset
    if isinstance(market, Unset):
        json_market = UNSET
    elif isinstance(market, Market):
        json_market = market.value
    else:
        json_market = market
    params["market"] = json_market

    json_language: None | str | Unset
    if isinstance(language, Unset):
        json_language = UNSET
    elif isinstance(language, Language):
        json_language = language.value
    else:
        json_language = language
    params["language"] = json_language

    json_provider_id: None | str | Unset
    if isinstance(provider_id, Unset):
        json_provider_id = UNSET
    else:
        json_provider_id = provider_id
    params["provider_id"] = json_provider_id

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
        "url": "/v1/training/courses",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageCourseView | Problem | None:
    if response.status_code == 200:
        response_200 = PageCourseView.from_dict(response.json())

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
) -> Response[PageCourseView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    kind: CourseKind | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    language: Language | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageCourseView | Problem]:
    """Courses, soonest first

    Args:
        kind (CourseKind | None | Unset):
        market (Market | None | Unset):
        language (Language | None | Unset):
        provider_id (None | str | Unset):
        cursor (None | str | Unset): The `next_cursor` of the previous page
        limit (int | Unset): At most 500 items a page Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCourseView | Problem]
    """

    kwargs = _get_kwargs(
        kind=kind,
        market=market,
        language=language,
        provider_id=provider_id,
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
    kind: CourseKind | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    language: Language | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageCourseView | Problem | None:
    """Courses, soonest first

    Args:
        kind (CourseKind | None | Unset):
        market (Market | None | Unset):
        language (Language | None | Unset):
        provider_id (None | str | Unset):
        cursor (None | str | Unset): The `next_cursor` of the previous page
        limit (int | Unset): At most 500 items a page Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCourseView | Problem
    """

    return sync_detailed(
        client=client,
        kind=kind,
        market=market,
        language=language,
        provider_id=provider_id,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    kind: CourseKind | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    language: Language | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[PageCourseView | Problem]:
    """Courses, soonest first

    Args:
        kind (CourseKind | None | Unset):
        market (Market | None | Unset):
        language (Language | None | Unset):
        provider_id (None | str | Unset):
        cursor (None | str | Unset): The `next_cursor` of the previous page
        limit (int | Unset): At most 500 items a page Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCourseView | Problem]
    """

    kwargs = _get_kwargs(
        kind=kind,
        market=market,
        language=language,
        provider_id=provider_id,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    kind: CourseKind | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    language: Language | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> PageCourseView | Problem | None:
    """Courses, soonest first

    Args:
        kind (CourseKind | None | Unset):
        market (Market | None | Unset):
        language (Language | None | Unset):
        provider_id (None | str | Unset):
        cursor (None | str | Unset): The `next_cursor` of the previous page
        limit (int | Unset): At most 500 items a page Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCourseView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            kind=kind,
            market=market,
            language=language,
            provider_id=provider_id,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
