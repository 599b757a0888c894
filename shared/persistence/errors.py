"""What the persistence seam raises, whichever adapter serves it."""

from __future__ import annotations


class AlreadyStoredError(Exception):
    """An insert was refused: a document with that id, or that unique key, is stored."""


class ConcurrentUpdateError(RuntimeError):
    """Another writer changed the document since it was read; reload and try again."""
