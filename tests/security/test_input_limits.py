"""Attacks on every HTTP input boundary: bodies, headers, JSON depth, numbers, correlation ids.

Each refusal is a 4xx naming what was too large or wrong, and nothing is written. The service
runs in-process for most attacks, and as its own uvicorn process for those that only a real
socket carries (a chunked body, a lying ``Content-Length``).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st
from pymongo import AsyncMongoClient

from shared.events.topics import Topic
from shared.limits import JsonNesting, RefusedRequestError
from shared.messages import text
from shared.server import HEAD_TOO_LONG
from tests.intake.support import headers_of, person
from tests.support.auth import auth_headers
from tests.support.kafka import read_topic
from tests.support.problems import error_codes, error_text, field_errors
from tests.support.services import (
    ServiceProcess,
    free_port,
    in_process,
    service_app,
    settings_env,
)

MIB = 1 << 20
JSON = {"content-type": "application/json"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _intake(unique: str, kafka: str, mongo: str) -> FastAPI:
    return service_app("intake", settings_env("intake", unique, kafka, mongo))


@pytest.fixture
async def api(kafka_bootstrap: str, mongodb_url: str, unique: str) -> AsyncIterator[Any]:
    app = _intake(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app, raise_app_exceptions=False) as client:
        yield client


async def _workers(store_client: AsyncMongoClient[dict], unique: str) -> int:
    return await store_client[f"{unique}_intake"]["workers"].count_documents({})


async def test_a_body_over_the_cap_is_413_naming_the_limit_and_nothing_is_written(
    api: httpx.AsyncClient, store_client: AsyncMongoClient[dict], unique: str
) -> None:
    huge = json.dumps({**person(1), "notes": "x" * (2 * MIB)}).encode()
    declared = await api.post("/workers", content=huge, headers=JSON)
    assert declared.status_code == 413
    assert error_text(declared.json()) == f"request body larger than the limit of {MIB} bytes"

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it streams
        for start in range(0, len(huge), 64 * 1024):
            yield huge[start : start + 64 * 1024]

    streamed = await api.post("/workers", content=chunks())
    assert streamed.status_code == 413, streamed.text
    assert "larger than the limit" in error_text(streamed.json())
    assert await _workers(store_client, unique) == 0


async def test_a_lying_content_length_does_not_lift_the_cap(api: httpx.AsyncClient) -> None:
    app: Any = api._transport.app  # type: ignore[attr-defined]
    pieces = [b'{"a": "' + b"x" * (256 * 1024)] * 8 + [b'"}']
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        body = pieces.pop(0) if pieces else b""
        return {"type": "http.request", "body": body, "more_body": bool(pieces)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/workers",
        "raw_path": b"/workers",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"service"),
            (b"content-type", b"application/json"),
            (b"content-length", b"100"),
            (b"accept-language", b"en"),
            *[(k.lower().encode(), v.encode()) for k, v in auth_headers().items()],
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("service", 80),
        "state": {},
    }
    await app(scope, receive, send)
    assert sent[0]["status"] == 413
    assert b"larger than the limit" in sent[1]["body"]


async def test_headers_too_large_or_too_many_are_431(api: httpx.AsyncClient) -> None:
    big = await api.get("/workers", headers={"X-Padding": "a" * MIB})
    assert big.status_code == 431
    assert error_text(big.json()).startswith("request headers hold ")
    assert "more than the limit of 32768" in error_text(big.json())

    many = await api.get("/workers", headers={f"X-Extra-{n}": "1" for n in range(150)})
    assert many.status_code == 431
    assert "headers, more than the limit of 100" in error_text(many.json())
    assert (await api.get("/healthz")).status_code == 200


@pytest.mark.parametrize("depth", [33, 100_000])
async def test_json_nested_too_deep_is_422_and_nothing_is_written(
    api: httpx.AsyncClient, store_client: AsyncMongoClient[dict], unique: str, depth: int
) -> None:
    body = json.dumps(person(2))[:-1] + ', "notes": ' + "[" * depth + "]" * depth + "}"
    response = await api.post("/workers", content=body, headers=JSON)
    assert response.status_code == 422, response.text
    assert field_errors(response.json()) == [
        {"loc": ["body"], "msg": "JSON nested deeper than 32 levels", "type": "json_too_deep"}
    ]
    assert await _workers(store_client, unique) == 0


async def test_nesting_within_the_cap_and_brackets_inside_strings_pass(
    api: httpx.AsyncClient,
) -> None:
    within = json.dumps(person(2))[:-1] + ', "notes": ' + "[" * 31 + "]" * 31 + "}"
    response = await api.post("/workers", content=within, headers=JSON)
    assert error_codes(response.json()) == ["extra_forbidden"]  # scanned, passed

    body = person(3)
    body["family_contact"] = {**body["family_contact"], "relationship": 'mẹ [[[[{{{{ \\ \\" ]'}
    response = await api.post("/workers", json=body)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("token", ["Infinity", "-Infinity", "NaN"])
async def test_a_bare_nan_or_infinity_in_json_is_422(api: httpx.AsyncClient, token: str) -> None:
    body = json.dumps({**person(4), "notes": "__N__"}).replace('"__N__"', token)
    response = await api.post("/workers", content=body, headers=JSON)
    assert response.status_code == 422
    assert error_codes(response.json())[0] == "json_finite_number"


@pytest.mark.parametrize(
    "given",
    [
        "x" * 129,
        "x" * 10_000,
        "has space",
        "new\nline",
        "semi;colon",
        "ünïcode".encode().decode("latin-1"),
        "",
    ],
)
async def test_a_malformed_correlation_id_is_replaced_before_it_reaches_an_event(
    api: httpx.AsyncClient, kafka_bootstrap: str, unique: str, given: str
) -> None:
    raw = given.encode("latin-1")
    headers = [(b"X-Correlation-ID", raw)]
    response = await api.post("/workers", json=person(5), headers=headers)
    assert response.status_code == 201, response.text
    echoed = response.headers["x-correlation-id"]
    assert UUID.fullmatch(echoed)
    records = await read_topic(kafka_bootstrap, f"{unique}.{Topic.INTAKE}", until=bool)
    assert headers_of(records[0])["ce_correlationid"] == echoed


async def test_a_well_formed_correlation_id_is_kept(
    api: httpx.AsyncClient, kafka_bootstrap: str, unique: str
) -> None:
    given = "web-2025.12.06:req_" + "A1" * 50
    response = await api.post("/workers", json=person(6), headers={"X-Correlation-ID": given})
    assert response.status_code == 201
    assert response.headers["x-correlation-id"] == given
    records = await read_topic(kafka_bootstrap, f"{unique}.{Topic.INTAKE}", until=bool)
    assert headers_of(records[0])["ce_correlationid"] == given


async def _raw_request(port: int, head: bytes, body: bytes = b"") -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head)
        for start in range(0, len(body), 256 * 1024):
            writer.write(body[start : start + 256 * 1024])
            try:
                await writer.drain()
            except ConnectionError:
                break
        answer = await asyncio.wait_for(_one_response(reader), 30)
    finally:
        writer.close()
    return answer


async def _one_response(reader: asyncio.StreamReader) -> bytes:
    """Reads until a whole response (head and its Content-Length of body) or the end."""
    answer = b""
    while chunk := await reader.read(64 * 1024):
        answer += chunk
        head, blank, body = answer.partition(b"\r\n\r\n")
        if blank:
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if length is None or len(body) >= int(length.group(1)):
                break
    return answer


async def test_a_real_server_refuses_chunked_and_lying_bodies_and_huge_headers(
    kafka_bootstrap: str, mongodb_url: str, unique: str, tmp_path: Path
) -> None:
    service = ServiceProcess(
        "intake",
        settings_env("intake", unique, kafka_bootstrap, mongodb_url),
        free_port(),
        tmp_path / "intake.log",
    )
    service.start()
    try:
        await service.wait_ready()
        token = auth_headers()["Authorization"].encode()
        start = b"POST /workers HTTP/1.1\r\nHost: x\r\nAuthorization: " + token + b"\r\n"
        payload = b'{"notes": "' + b"x" * (10 * MIB) + b'"}'
        chunked = b"".join(
            b"%x\r\n%s\r\n" % (len(payload[i : i + MIB]), payload[i : i + MIB])
            for i in range(0, len(payload), MIB)
        )
        answer = await _raw_request(
            service.port,
            start + b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            chunked + b"0\r\n\r\n",
        )
        assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]

        answer = await _raw_request(
            service.port,
            start + b"Content-Type: application/json\r\nContent-Length: 20000000\r\n\r\n",
            payload[:1000],
        )
        assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]

        # Headers past the server's own limit are refused before they are read: in Vietnamese.
        unread = text(HEAD_TOO_LONG, "vi", limit=65536).encode()
        for size, refusal in (
            (40 * 1024, b"request headers hold "),  # read whole, refused by the app's caps
            (MIB, unread),
            (20 * MIB, unread),
        ):
            head = (
                b"GET /healthz HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nX-Big: "
                + b"a" * size
                + b"\r\n\r\n"
            )
            answer = await _raw_request(service.port, head)
            assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
            assert refusal in answer, answer[:400]
        async with httpx.AsyncClient(base_url=service.url) as client:
            assert (await client.get("/healthz")).status_code == 200
    finally:
        service.stop()


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _feed(nesting: JsonNesting, pieces: list[bytes]) -> None:
    for piece in pieces:
        nesting.feed(piece)


_TEXT = st.text(alphabet='ab"\\[]{}NI \n\u00e9', max_size=6)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None)
@given(value=_JSON, cuts=st.lists(st.integers(min_value=0), max_size=8), cap=st.integers(1, 12))
def test_the_nesting_scan_agrees_with_the_parsed_depth_however_the_body_is_cut(
    value: object, cuts: list[int], cap: int
) -> None:
    text = json.dumps(value, ensure_ascii=False).encode()
    points = sorted({c % (len(text) + 1) for c in cuts})
    pieces = [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]
    nesting = JsonNesting(cap)
    if _depth(value) > cap:
        with pytest.raises(RefusedRequestError) as refused:
            _feed(nesting, pieces)
        [fault] = refused.value.errors
        assert (fault.loc, fault.code, fault.message) == (
            ("body",),
            "json_too_deep",
            "JSON nested deeper than {max_depth} levels",
        )
        assert fault.params == {"max_depth": cap}
    else:
        _feed(nesting, pieces)
        assert (nesting.depth, nesting.in_string) == (0, False)
