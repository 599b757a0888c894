"""The HTTP server's protocol: uvicorn's httptools protocol, with a cap on each request's head.

uvicorn's httptools protocol holds a request line and headers whole, however long, before the
app sees them. This one stops reading a head that grows past twice ``AUTH_MAX_HEADER_BYTES``
(the ASGI caps in ``shared.limits`` then judge the heads that fit exactly) and answers 431.
Every launch names it: ``uvicorn --factory ... --http shared.server:BoundedHttpToolsProtocol``.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from shared.auth.settings import AuthSettings
from shared.messages import DEFAULT_LANGUAGE, N_
from shared.problems import document, encode, headers

LINGER_S = 2.0


HEAD_TOO_LONG = N_("request line and headers longer than the limit of {limit} bytes")
"""The refusal of a head past the server's limit, said before its headers are read."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol that closes a connection whose request head is too long."""

    max_head_bytes = 2 * AuthSettings().max_header_bytes

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0
        self._in_head = True
        self._refused = False

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # the rest of a refused request is read and dropped until the close
        if not self._in_head:
            super().data_received(data)
            return
        self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > self.max_head_bytes:
            self._refuse_head()

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head = True

    def _refuse_head(self) -> None:
        # The head is cut off: its Accept-Language may be unread, so the answer is Vietnamese.
        language = DEFAULT_LANGUAGE
        body = encode(
            document(
                "headers_too_large",
                language,
                detail=HEAD_TOO_LONG,
                params={"limit": self.max_head_bytes},
            )
        )
        head = b"".join(
            name + b": " + value + b"\r\n" for name, value in headers(language, len(body))
        )
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            + head
            + b"connection: close\r\n\r\n"
            + body
        )
        # Closed at once, the client still sending would get a reset and lose the answer:
        # what it still sends is dropped unread for a moment, then the connection closes.
        self._refused = True
        self._in_head = False
        self.loop.call_later(LINGER_S, self.transport.close)
