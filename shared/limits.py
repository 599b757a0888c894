"""Caps on what one HTTP request may hold, checked before a handler reads anything.

Headers (total size and count) answer 431, a body over its route's cap 413, and a JSON body
nested too deep or holding ``NaN``/``Infinity`` 422. Bodies are counted and scanned chunk by
chunk as the handler reads them, so no request is held whole in memory to be measured.
"""

from __future__ import annotations

import re
import uuid
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.messages import N_, language_of
from shared.problems import FieldProblem, class_for_status, document, encode
from shared.problems import headers as problem_headers

CORRELATION_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
_STRING_BODY = rb'[^"\\]*(?:\\.[^"\\]*)*'
_STRINGS = re.compile(rb'"' + _STRING_BODY + rb'"|("' + _STRING_BODY + rb")(\\?)\Z", re.DOTALL)
_STRING_REST = re.compile(_STRING_BODY + rb'"', re.DOTALL)
_STRING_RUNS_ON = re.compile(_STRING_BODY + rb"(\\?)\Z", re.DOTALL)
_BRACKETS = b"[]{}"
_NOT_BRACKETS = bytes(b for b in range(256) if b not in _BRACKETS)
_STEPS = bytes.maketrans(_BRACKETS, bytes([1, 255, 1, 255]))


def correlation_id_or_new(value: str | None) -> str:
    """Returns ``value`` if it is a well-formed correlation id, else a fresh one."""
    if value is not None and CORRELATION_ID.fullmatch(value):
        return value
    return str(uuid.uuid4())


@dataclass(frozen=True)
class InputCaps:
    """The caps every request meets; ``upload_paths`` get ``max_upload_bytes``."""

    max_header_bytes: int
    max_headers: int
    max_body_bytes: int
    max_upload_bytes: int
    max_json_depth: int
    upload_paths: frozenset[str] = frozenset()

    def body_cap(self, path: str) -> int:
        """Returns the largest body a request to ``path`` may carry."""
        return self.max_upload_bytes if path in self.upload_paths else self.max_body_bytes


class RefusedRequestError(Exception):
    """A request broke a cap: ``status``, the catalogue message ``detail`` with its ``params``,
    and the body's fault in ``errors`` for a 422."""

    def __init__(
        self, status: int, detail: str, errors: tuple[FieldProblem, ...] = (), **params: Any
    ) -> None:
        super().__init__(status)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.params = params


class JsonNesting:
    """Follows a JSON text chunk by chunk: its nesting depth, and bare ``NaN``/``Infinity``.

    Strings are skipped whole by regular expressions and the brackets left are summed in C, so
    a chunk costs a few calls whatever it holds; a string cut by a chunk's end is followed into
    the next chunk without holding it.
    """

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.depth = 0
        self.in_string = False
        self.escaped = False

    def feed(self, chunk: bytes) -> None:
        """Reads the next chunk; raises RefusedRequestError (422) at the first fault."""
        if self.in_string:
            if self.escaped and chunk:
                chunk, self.escaped = chunk[1:], False
            rest = _STRING_REST.match(chunk)
            if rest is None:
                self.escaped = _string_runs_on(chunk).group(1) == b"\\"
                return
            chunk, self.in_string = chunk[rest.end() :], False
        pieces = _STRINGS.split(chunk)
        if len(pieces) > 1 and pieces[-3] is not None:  # the last string runs past the chunk
            self.in_string = True
            self.escaped = pieces[-2] == b"\\"
        outside = b"".join(pieces[0::3])
        if b"N" in outside or b"I" in outside:
            raise _body_error(
                N_("numbers must be finite: NaN and Infinity are not JSON"), "finite_number"
            )
        steps = outside.translate(_STEPS, _NOT_BRACKETS)
        openers = steps.count(1)
        if self.depth + openers <= self.max_depth:  # cannot reach the cap: no walk needed
            self.depth += 2 * openers - len(steps)
            return
        signed = array("b", steps)
        if max(accumulate(signed, initial=self.depth)) > self.max_depth:
            raise _body_error(
                N_("JSON nested deeper than {max_depth} levels"),
                "too_deep",
                max_depth=self.max_depth,
            )
        self.depth += sum(signed)


class InputLimits:
    """Answers 431, 413 or 422 for a request that breaks a cap of ``caps`` (plain ASGI)."""

    def __init__(self, app: ASGIApp, caps: InputCaps) -> None:
        self.app = app
        self.caps = caps

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope.get("headers") or []
        language = language_of(_text(_first(headers, b"accept-language")))
        try:
            check_headers(headers, self.caps)
        except RefusedRequestError as too_many:
            await refuse(send, too_many, language)
            return
        cap = self.caps.body_cap(scope.get("path", ""))
        declared = _first(headers, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            await refuse(send, _too_large(cap), language)
            return
        nesting = (
            JsonNesting(self.caps.max_json_depth)
            if _is_json(_first(headers, b"content-type"))
            else None
        )
        received = 0
        started = False
        refused: RefusedRequestError | None = None

        async def bounded_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                chunk: bytes = message.get("body", b"")
                received += len(chunk)
                try:
                    if received > cap:
                        raise _too_large(cap)
                    if nesting is not None:
                        nesting.feed(chunk)
                except RefusedRequestError as exc:
                    refused = exc
                    raise
            return message

        async def tracking_send(message: Message) -> None:
            # A framework may catch the refusal raised while it reads the body and answer on
            # its own (FastAPI: 400): the refusal replaces that answer.
            nonlocal started
            if message["type"] == "http.response.start":
                if started:
                    return
                started = True
                if refused is not None:
                    await refuse(send, refused, language)
                    return
            elif refused is not None:
                return
            await send(message)

        try:
            await self.app(scope, bounded_receive, tracking_send)
        except RefusedRequestError as exc:
            if not started:
                await refuse(send, exc, language)


def check_headers(headers: Iterable[tuple[bytes, bytes]], caps: InputCaps) -> None:
    """Raises RefusedRequestError (431) if the headers are too many or too large in total."""
    count = 0
    size = 0
    for name, value in headers:
        count += 1
        size += len(name) + len(value)
    if count > caps.max_headers:
        raise RefusedRequestError(
            431,
            N_("request has {count} headers, more than the limit of {limit}"),
            count=count,
            limit=caps.max_headers,
        )
    if size > caps.max_header_bytes:
        raise RefusedRequestError(
            431,
            N_("request headers hold {size} bytes, more than the limit of {limit}"),
            size=size,
            limit=caps.max_header_bytes,
        )


async def refuse(send: Send, refused: RefusedRequestError, language: str) -> None:
    """Sends the refusal as a problem document; the server discards the rest of the body."""
    body = encode(refusal_document(refused, language))
    await send(
        {
            "type": "http.response.start",
            "status": refused.status,
            "headers": problem_headers(language, len(body)),
        }
    )
    await send({"type": "http.response.body", "body": body})


def refusal_document(refused: RefusedRequestError, language: str) -> dict[str, Any]:
    """Returns the problem document of a refusal."""
    if refused.errors:
        return document("validation_failed", language, errors=refused.errors)
    code = class_for_status(refused.status).code
    return document(code, language, detail=refused.detail, params=refused.params)


def _too_large(cap: int) -> RefusedRequestError:
    return RefusedRequestError(
        413, N_("request body larger than the limit of {limit} bytes"), limit=cap
    )


def _string_runs_on(chunk: bytes) -> re.Match[bytes]:
    found = _STRING_RUNS_ON.match(chunk)
    assert found is not None  # the pattern matches any text
    return found


def _body_error(message: str, kind: str, **params: Any) -> RefusedRequestError:
    fault = FieldProblem(("body",), f"json_{kind}", message, params)
    return RefusedRequestError(422, message, (fault,))


def _text(raw: bytes | None) -> str | None:
    return raw.decode("latin-1") if raw is not None else None


def _first(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _is_json(content_type: bytes | None) -> bool:
    # FastAPI reads a body without a content type as JSON too.
    if content_type is None:
        return True
    media = content_type.split(b";", 1)[0].strip().lower()
    return media == b"application/json" or media.endswith(b"+json")
