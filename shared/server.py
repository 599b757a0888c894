"""The HTTP server's protocol: uvicorn's httptools protocol, with a cap on each request's head.

uvicorn's httptools protocol holds a request line and headers whole, however long, before the
app sees them. This one stops reading a head that grows past twice ``AUTH_MAX_HEADER_BYTES``
(the ASGI caps in ``shared.limits`` then judge the heads that fit exactly) and answers 431.
Every launch names it: ``uvicorn --factory ... --http shared.server:BoundedHttpToolsProtocol``.
"""

from __future__ import annotations

import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from shared.auth.settings import AuthSettings

LINGER_S = 2.0


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
        detail = f"request line and headers longer than the limit of {self.max_head_bytes} bytes"
        body = json.dumps({"detail": detail}).encode()
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: application/json\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\n"
            b"connection: close\r\n\r\n" + body
        )
        # Closed at once, the client still sending would get a reset and lose the answer:
        # what it still sends is dropped unread for a moment, then the connection closes.
        self._refused = True
        self._in_head = False
        self.loop.call_later(LINGER_S, self.transport.close)
