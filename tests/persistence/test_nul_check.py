"""FerretDB's U+0000 check: the quick walk finds a NUL wherever the one naming its path does."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import pytest

from shared.persistence.ferretdb import _holds_nul, _nul_path
from shared.persistence.ports import Update


class Kind(StrEnum):
    PLAIN = "plain"
    BROKEN = "bro\x00ken"


CLEAN: dict[str, Any] = {
    "_id": "w-1",
    "version": 3,
    "at": datetime(2026, 1, 1, tzinfo=UTC),
    "packed": b"x\x01\x00\x00",  # bytes are not strings: a NUL in them is stored as is
    "applied": ["e-1", "e-2"],
    "applied_offsets": [{"topic": "t", "partition": 0, "offset": 4}],
    "nested": {"list": [[1, 2.5, None, True], ("a", "b")], "kind": Kind.PLAIN},
    "set": {"x", "y"},
}


@pytest.mark.parametrize(
    "value",
    [
        CLEAN,
        {**CLEAN, "name": "a\x00b"},
        {**CLEAN, "bad\x00key": 1},
        {**CLEAN, "applied": ["e-1", "e\x00"]},
        {**CLEAN, "applied_offsets": [{"topic": "t\x00", "partition": 0}]},
        {**CLEAN, "nested": {"list": [[1, ("a", "b\x00")]]}},
        {**CLEAN, "nested": {"kind": Kind.BROKEN}},
        {**CLEAN, "set": frozenset({"ok", "n\x00"})},
        Update(set={"a": "x"}, unset=["b"]),
        Update(set={"a": ["x", {"y": "z\x00"}]}),
    ],
)
def test_the_quick_walk_and_the_path_agree(value: Any) -> None:
    assert _holds_nul(value) == (_nul_path(value) is not None)


def test_a_clean_document_holds_none_and_a_broken_one_is_found() -> None:
    assert not _holds_nul(CLEAN)
    assert _holds_nul({**CLEAN, "nested": {"list": [{"deep": ["\x00"]}]}})
