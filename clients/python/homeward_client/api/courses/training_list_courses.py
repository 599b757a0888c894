from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.course_kind import CourseKind
from ...models.course_view import CourseView
from ...models.http_validation_error import HTTPValidationError
from ...models.language import Language
from ...models.market import Market
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    kind: CourseKind | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    language: Language | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    skip: int | Unset = 0,
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

    params["limit"] = limit

    params["skip"] = skip

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/training/courses",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | HTTPValidationError | list[CourseView] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = CourseView.from_dict(response_200_item_data)

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
) -> Response[Any | HTTPValidationError | list[CourseView]]:
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
    limit: int | Unset = 100,
    skip: int | Unset = 0,
) -> Response[Any | HTTPValidationError | list[CourseView]]:
    """Courses, soonest first

    Args:
        kind (CourseKind | None | Unset):
        market (Market | None | Unset):
        language (Language | None | Unset):
        provider_id (None | str | Unset):
        limit (int | Unset):  Default: 100.
        skip (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | list[CourseView]]
    """

    kwargs = _get_kwargs(
        kind=kind,
        market=market,
        language=language,
        provider_id=provider_id,
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
    kind: CourseKind | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    language: Language | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    skip: int | Unset = 0,
) -> Any | HTTPValidationError | list[CourseView] | None:
    """Courses, soonest first

    Args:
        kind (CourseKind | None | Unset):
        market (Market | None | Unset):
        language (Language | None | Unset):
        provider_id (None | str | Unset):
        limit (int | Unset):  Default: 100.
        skip (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | list[CourseView]
    """

    return sync_detailed(
        client=client,
        kind=kind,
        market=market,
        language=language,
        provider_id=provider_id,
        limit=limit,
        skip=skip,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    kind: CourseKind | None | Unset = UNSET,
    market: Market | None | Unset = UNSET,
    language: Language | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    skip: int | Unset = 0,
) -> Response[Any | HTTPValidationError | list[CourseView]]:
    """Courses, soonest first

    Args:
        kind (CourseKind | None | Unset):
        market (Market | None | Unset):
        language (Language | None | Unset):
        provider_id (None | str | Unset):
        limit (int | Unset):  Default: 100.
        skip (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError | list[CourseView]]
    """

    kwargs = _get_kwargs(
        kind=kind,
        market=market,
        language=language,
        provider_id=provider_id,
        limit=limit,
        skip=skip,
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
    limit: int | Unset = 100,
    skip: int | Unset = 0,
) -> Any | HTTPValidationError | list[CourseView] | None:
    """Courses, soonest first

    Args:
        kind (CourseKind | None | Unset):
        market (Market | None | Unset):
        language (Language | None | Unset):
        provider_id (None | str | Unset):
        limit (int | Unset):  Default: 100.
        skip (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError | list[CourseView]
    """

    return (
        await asyncio_detailed(
            client=client,
            kind=kind,
            market=market,
            language=language,
            provider_id=provider_id,
            limit=limit,
            skip=skip,
        )
    ).parsed
