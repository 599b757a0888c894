from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AcknowledgeAlert")


@_attrs_define
class AcknowledgeAlert:
    """A person takes an alert in hand (nothing to say but who and when)."""

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        acknowledge_alert = cls()

        return acknowledge_alert
