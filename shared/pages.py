"""The one list contract: every list is a page ``{items, next_cursor}`` of at most ``limit``
items, walked with an opaque cursor, and announces its next page in a ``Link: rel="next"``
header.

A cursor holds the sort key of the last item sent and the query it belongs to, with a checksum:
one edited by hand, cut short, or taken from another list, another worker's list or another
filter is refused 422 naming ``cursor``. The checksum detects tampering and mix-ups; it is not a
secret (a cursor grants nothing: the query it continues is checked like the first page).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, Final, Generic, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel

from shared.errors import FieldError
from shared.messages import N_
from shared.persistence import Document
from shared.persistence.ports import Collection, Filter

T = TypeVar("T")
DEFAULT_LIMIT: Final = 50
MAX_LIMIT: Final = 500
MAX_CURSOR: Final = 1000
NOT_OURS: Final = N_("is not a cursor this service returned")
OTHER_LIST: Final = N_("belongs to another list or other filters")
_SEPARATOR = "."


class Page(BaseModel, Generic[T]):
    """One page of a list: its items, and the cursor of the next page (None: the last)."""

    items: list[T]
    next_cursor: str | None = None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"t"}:
        return datetime.fromisoformat(value["t"])
    if isinstance(value, dict) and set(value) == {"d"}:
        return date.fromisoformat(value["d"])
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    raise ValueError(value)


def _checksum(scope: str, payload: str) -> str:
    return hashlib.sha256(f"{scope}\n{payload}".encode()).hexdigest()[:16]


def encode_cursor(scope: str, position: Sequence[Any]) -> str:
    """Returns the cursor that continues the list ``scope`` after ``position``."""
    payload = json.dumps([_plain(v) for v in position], separators=(",", ":"), default=str)
    text = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    return f"{text}{_SEPARATOR}{_checksum(scope, payload)}"


def decode_cursor(scope: str, cursor: str | None) -> list[Any] | None:
    """Returns the position a cursor of the list ``scope`` holds; raises FieldError (422 naming
    ``cursor``) for anything else."""
    if cursor is None:
        return None
    text, _, checksum = cursor.rpartition(_SEPARATOR)
    try:
        payload = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        if _checksum(scope, payload) != checksum:
            raise FieldError("cursor", OTHER_LIST, source="query")
        position = [_typed(v) for v in json.loads(payload)]
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise FieldError("cursor", NOT_OURS, source="query") from exc
    return position


def after(sort: Sequence[tuple[str, int]], position: Sequence[Any]) -> Filter:
    """Returns the filter of the documents after ``position`` in the ``sort`` order."""
    branches: list[Document] = []
    for index, (name, direction) in enumerate(sort):
        branch: Document = {sort[i][0]: position[i] for i in range(index)}
        branch[name] = {"$gt" if direction > 0 else "$lt": position[index]}
        branches.append(branch)
    return {"$or": branches}


def _value(document: Mapping[str, Any], dotted: str) -> Any:
    value: Any = document
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


@dataclass
class Pages:
    """The paging of one list request: its cursor and limit, and the answer's Link header."""

    request: Request
    response: Response
    cursor: str | None
    limit: int
    next_cursor: str | None = field(default=None, init=False)

    @classmethod
    def first(cls, limit: int = MAX_LIMIT) -> Pages:
        """The first page of a list read outside a request (a use case, a job, a test)."""
        scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": []}
        return cls(Request(scope), Response(), None, limit)

    @property
    def scope(self) -> str:
        """The list and query a cursor belongs to: the path and every filter but the paging."""
        filters = sorted(
            (k, v)
            for k, v in self.request.query_params.multi_items()
            if k not in ("cursor", "limit")
        )
        return f"{self.request.url.path}?{json.dumps(filters)}"

    def position(self) -> list[Any] | None:
        """The sort key of the last item the previous page sent (None: the first page)."""
        return decode_cursor(self.scope, self.cursor)

    async def find(
        self,
        collection: Collection,
        where: Filter,
        sort: Sequence[tuple[str, int]],
        fields: Mapping[str, Any] | None = None,
    ) -> list[Document]:
        """Returns one page of the documents matching ``where`` in ``sort`` order (which ends
        with a unique field), read from where the cursor stopped."""
        position = self.position()
        query = dict(where) if position is None else {"$and": [dict(where), after(sort, position)]}
        documents = await collection.find(query, fields, sort=list(sort), limit=self.limit + 1)
        if len(documents) > self.limit:
            documents = documents[: self.limit]
            last = documents[-1]
            self.next_cursor = encode_cursor(self.scope, [_value(last, f) for f, _ in sort])
        return documents

    def slice(self, items: Sequence[T], key: Callable[[T], str]) -> list[T]:
        """Returns one page of ``items``, a list held whole (a worker's loans, a job's rows),
        in its own order; ``key`` is unique. The cursor holds the last item's position and key,
        so an item added before it does not make the next page repeat one."""
        position = self.position()
        start = 0
        if position is not None:
            try:
                offset, last = int(position[0]), str(position[1])
            except (IndexError, TypeError, ValueError) as exc:
                raise FieldError("cursor", NOT_OURS, source="query") from exc
            keys = [key(x) for x in items]
            if 0 <= offset < len(keys) and keys[offset] == last:
                start = offset + 1
            else:
                start = keys.index(last) + 1 if last in keys else min(offset + 1, len(keys))
        chosen = list(items[start : start + self.limit])
        if start + self.limit < len(items):
            last_index = start + len(chosen) - 1
            self.next_cursor = encode_cursor(self.scope, [last_index, key(chosen[-1])])
        return chosen

    def continue_with(self, position: Sequence[Any] | None) -> None:
        """Sets the next page's cursor to ``position`` (None: this page is the last), for a
        list whose store query reads from a position of its own."""
        self.next_cursor = None if position is None else encode_cursor(self.scope, position)

    def page(self, items: Sequence[T]) -> Page[T]:
        """Returns the page of ``items``, announcing the next page in a Link header."""
        announce_next(self.request, self.response, self.next_cursor)
        return Page[T](items=list(items), next_cursor=self.next_cursor)


def announce_next(request: Request, response: Response, next_cursor: str | None) -> None:
    """Sets ``Link: <…>; rel="next"`` (RFC 8288) to the request with the next cursor, if any."""
    if next_cursor is not None:
        url = request.url.include_query_params(cursor=next_cursor)
        target = url.path + ("?" + url.query if url.query else "")
        response.headers["Link"] = f'<{target}>; rel="next"'


def pages(
    request: Request,
    response: Response,
    cursor: Annotated[
        str | None,
        Query(max_length=MAX_CURSOR, description="The `next_cursor` of the previous page"),
    ] = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT} items a page")
    ] = DEFAULT_LIMIT,
) -> Pages:
    """FastAPI dependency: the paging of a list request."""
    return Pages(request, response, cursor, limit)


Paged = Annotated[Pages, Depends(pages)]
